import type { Context } from 'hono';
import type { ApiContext, ApiEnv } from './context.ts';

// Changes to user accounts that the security audit log (security-audit.ts) keeps beside refusals.

/** Account changes written to the audit log. */
export type AccountChangeCode = 'TOTP_RESET' | 'TOTP_DISABLED';

/** Writes an account change made by this request (its principal, or the admin token) to the audit log. */
export async function recordAccountChange(
  context: ApiContext,
  c: Context<ApiEnv>,
  code: AccountChangeCode,
  message: string,
): Promise<void> {
  const principal = c.get('unit');
  await context.audit.record({
    time: new Date().toISOString(),
    method: c.req.method,
    path: new URL(c.req.url).pathname.slice(0, 512),
    status: 200,
    code,
    principal: principal?.name ?? null,
    organisation: principal?.organisation ?? null,
    message,
  });
}
