import type { MiddlewareHandler } from 'hono';
import type { ApiContext, ApiEnv, ChainHandle } from './context.ts';
import { ApiError } from './errors.ts';

export function findChain(context: ApiContext, name: string | undefined): ChainHandle {
  const chain = name === undefined ? undefined : context.chains.get(name);
  if (chain === undefined) {
    throw new ApiError('CHAIN_NOT_FOUND', `this node serves no chain ${JSON.stringify(name ?? '')}`, {
      details: { chain: (name ?? '').slice(0, 64), chains: [...context.chains.keys()] },
    });
  }
  return chain;
}

/** Resolves the `{chain}` path parameter before validation, so an unknown chain is a 404. */
export function requireChain(context: ApiContext): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set('chain', findChain(context, c.req.param('chain')));
    await next();
  };
}
