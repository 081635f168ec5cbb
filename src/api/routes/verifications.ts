import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { listCaseVerifications, verifyAndRecord } from '../../services/index.ts';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { depositPorts } from '../deposit.ts';
import {
  CaseVerificationsQuerySchema,
  CaseVerificationsSchema,
  IdempotencyHeaderSchema,
  VerificationRequestSchema,
  VerificationResultSchema,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

// Court verification and cross-chain verification (src/services/verifications.ts).

export function registerVerificationRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/verifications',
      tags: ['verifications'],
      summary: 'Verify a proof bundle (or an entry of any chain) and record the verification on this chain',
      description:
        "Give a bundle, or a chain's name and an index: an entry of another chain is fetched from that chain's node. The bundle is checked with the consortium file (sequencer signature, witness quorum, inclusion, anchors, and the file's digest when given); the result, the verified chain, index and leaf hash and the case number are recorded as a verification entry.",
      security: [{ bearerAuth: [] }],
      middleware: [limitBody(context.options.maxVerificationBodyBytes)] as const,
      request: {
        headers: IdempotencyHeaderSchema,
        body: { required: true, content: { 'application/json': { schema: VerificationRequestSchema } } },
      },
      responses: {
        201: {
          description: 'Verified (or not) and recorded',
          content: { 'application/json': { schema: VerificationResultSchema } },
        },
        ...problemResponses(400, 401, 404, 409, 413, 415, 429, 502, 503),
      },
    }),
    async (c) => {
      const ports = {
        ...depositPorts(context),
        chains: context.chains,
        peers: context.consortium.peers,
        trust: context.consortium.trust,
        peerWaitMs: context.consortium.options.peerWaitMs,
        countVerification: (chain: string, verified: boolean, crossChain: boolean) =>
          context.metrics.countVerification(chain, verified, crossChain),
      };
      const outcome = await verifyAndRecord(ports, {
        ...c.req.valid('json'),
        unit: c.get('unit').name,
        idempotencyKey: c.req.valid('header')['idempotency-key'],
      });
      return c.json({ ...outcome, report: { ...outcome.report } }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/verifications',
      tags: ['verifications'],
      summary: 'The verifications recorded on this node’s chain for one case',
      request: { query: CaseVerificationsQuerySchema },
      responses: {
        200: {
          description: 'The records, oldest first',
          content: { 'application/json': { schema: CaseVerificationsSchema } },
        },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const { caseNumber } = c.req.valid('query');
      return c.json({ verifications: await listCaseVerifications(context.chains, caseNumber) }, 200);
    },
  );
}
