import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { buildVerificationFields, ConsortiumError } from '../../consortium/index.ts';
import { parseTaggedDigest } from '../../crypto/index.ts';
import { readProofBundle } from '../../services/index.ts';
import { CheckpointChecker, checkBundle, parseBundle } from '../../verify/index.ts';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv, ChainHandle } from '../context.ts';
import { admitEntries, depositEntries } from '../deposit.ts';
import { ApiError } from '../errors.ts';
import {
  CaseNumberSchema,
  IdempotencyHeaderSchema,
  VerificationRecordSchema,
  VerificationRequestSchema,
  VerificationResultSchema,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

// Court verification and cross-chain verification (DESIGN.md "Cross-chain"): the node checks a
// bundle with src/verify against the consortium file, offline, and records the outcome on its own
// chain as a `verification` entry, with the case it belongs to.

function notFinal(chain: string, index: number, retryAfterMs: number): ConsortiumError {
  return new ConsortiumError(
    'ENTRY_NOT_FINAL',
    `entry ${chain}:${index} is not under a final checkpoint yet; verify it again shortly`,
    { details: { chain, index, retryAfterMs } },
  );
}

async function readOwnBundle(context: ApiContext, chain: ChainHandle, index: number): Promise<unknown> {
  const read = await readProofBundle(chain, index, 'final', context.consortium.options.peerWaitMs);
  if (read === null) throw notFinal(chain.name, index, chain.ledger.options.integrationIntervalMs);
  return read.bundle;
}

/** The final bundle of entry `index` of chain `name`: built here, or fetched from its node. */
async function fetchBundle(
  context: ApiContext,
  recording: ChainHandle,
  name: string,
  index: number,
): Promise<unknown> {
  if (name === recording.name) return readOwnBundle(context, recording, index);
  const own = context.chains.get(name);
  if (own !== undefined) return readOwnBundle(context, own, index);
  const peer = context.consortium.peers.get(name);
  if (peer === undefined) {
    throw new ApiError('CHAIN_NOT_FOUND', `this node cannot reach a node of chain ${JSON.stringify(name)}`, {
      details: { chain: name, chains: [...context.chains.keys(), ...context.consortium.peers.keys()] },
    });
  }
  const answer = await peer.readBundle(name, index, context.consortium.options.peerWaitMs);
  if (answer.status === 'missing') {
    throw new ApiError('ENTRY_NOT_FOUND', `chain ${name} has no entry ${index}`, {
      details: { chain: name, index },
    });
  }
  if (answer.status === 'pending') throw notFinal(name, index, 1_000);
  return answer.bundle;
}

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
      const body = c.req.valid('json');
      const unit = c.get('unit').name;
      const recording = [...context.chains.values()][0]!;
      const byReference = body.chain !== undefined || body.index !== undefined;
      if (
        (body.bundle === undefined) === !byReference ||
        (byReference && (body.chain === undefined || body.index === undefined))
      ) {
        throw new ApiError('REQUEST_INVALID', 'give either a bundle, or a chain and an index', {
          details: { field: body.bundle === undefined ? 'chain' : 'bundle' },
        });
      }
      admitEntries(context, unit, 1);
      let report;
      let bundle;
      try {
        bundle = parseBundle(
          body.bundle ?? (await fetchBundle(context, recording, body.chain!, body.index!)),
        );
        const options =
          body.fileDigest === undefined ? {} : { fileDigest: parseTaggedDigest(body.fileDigest) };
        report = checkBundle(bundle, context.consortium.trust, options, new CheckpointChecker());
      } catch (error) {
        context.limiter.refund(unit, 1);
        throw error;
      }
      const fields = recording.signEntry(
        buildVerificationFields(recording.trusted, bundle, report, unit, body.caseNumber),
      );
      const [record] = await depositEntries(
        context,
        recording,
        unit,
        [{ type: fields.type, digest: fields.digest, meta: fields.meta, sig: fields.sig }],
        c.req.valid('header')['idempotency-key'],
        false,
        { kind: 'service', service: 'verification' },
      );
      const crossChain = report.origin !== recording.origin;
      if (!record!.replayed) context.metrics.countVerification(recording.name, report.ok, crossChain);
      return c.json({ verified: report.ok, crossChain, report: { ...report }, record: record! }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/verifications',
      tags: ['verifications'],
      summary: 'The verifications recorded on this node’s chain for one case',
      request: { query: z.object({ caseNumber: CaseNumberSchema }) },
      responses: {
        200: {
          description: 'The records, oldest first',
          content: {
            'application/json': { schema: z.object({ verifications: z.array(VerificationRecordSchema) }) },
          },
        },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const { caseNumber } = c.req.valid('query');
      const records = await Promise.all(
        [...context.chains.values()].map(async (chain) => {
          await chain.indexer.catchUp();
          return chain.index.listCaseVerifications(chain.origin, caseNumber);
        }),
      );
      return c.json({ verifications: records.flat() }, 200);
    },
  );
}
