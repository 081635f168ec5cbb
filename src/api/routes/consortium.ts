import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { formatVerifierKey } from '../../crypto/index.ts';
import type { TrustedSigner, TrustFile } from '../../verify/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';

// GET /v1/consortium: this node's consortium (trust) file, the trust root the public verify page
// checks bundles against in the browser. Written back in the file's own JSON form (parseTrustFile
// reads it again); a reader who does not trust this node loads their own copy instead.

const TrustFileSchema = z.record(z.string(), z.unknown()).openapi('ConsortiumFile', {
  description: 'The consortium trust file (version 2): chains, witnesses, quorum, members, authorities',
});

function writeSigner(signer: TrustedSigner) {
  const key = formatVerifierKey(signer.key);
  return signer.url === undefined ? { name: signer.name, key } : { name: signer.name, key, url: signer.url };
}

/** The trust file as JSON that parseTrustFile reads back to the same file. */
export function writeTrustFile(trust: TrustFile): Record<string, unknown> {
  return {
    version: trust.version,
    name: trust.name,
    chains: trust.chains.map((chain) => ({
      name: chain.name,
      origin: chain.origin,
      hashAlgorithm: chain.hashAlgorithm,
      sequencer: writeSigner(chain.sequencer),
      witnesses: chain.witnesses.map(writeSigner),
      quorum: chain.quorum,
      maxMergeDelayMs: chain.maxMergeDelayMs,
    })),
    members: trust.members.map((member) => ({ ...member })),
    authorities: trust.authorities.map((authority) => ({
      member: authority.member,
      chain: authority.chain,
      key: formatVerifierKey(authority.key),
      types: [...authority.types],
    })),
  };
}

export function registerConsortiumRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  const body = writeTrustFile(context.consortium.trust);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/consortium',
      tags: ['chains'],
      summary: "This node's consortium trust file, for verifying bundles in a browser",
      responses: {
        200: { description: 'The trust file', content: { 'application/json': { schema: TrustFileSchema } } },
      },
    }),
    (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(body, 200);
    },
  );
}
