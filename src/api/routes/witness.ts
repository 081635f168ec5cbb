import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  ConsortiumError,
  formatTlogSize,
  TLOG_SIZE_MEDIA_TYPE,
  type CosignedCheckpoint,
  type Witness,
  type WitnessAlarm,
} from '../../consortium/index.ts';
import { CONSORTIUM_ERROR_STATUS } from '../consortium-status.ts';
import type { ApiEnv } from '../context.ts';
import { PROBLEM_MEDIA_TYPE, type Problem } from '../problem.ts';
import {
  AddCheckpointBodySchema,
  CosignatureLinesSchema,
  ProblemSchema,
  TlogSizeSchema,
  WitnessAlarmListSchema,
  WitnessParamsSchema,
} from '../contract/index.ts';

// C2SP tlog-witness (https://c2sp.org/tlog-witness#add-checkpoint) over HTTP: the statuses are
// the spec's (400 malformed, 403 signature, 404 origin, 409 size with a text/x.tlog.size body,
// 422 proof). Mount the sub-app at the witness's submission prefix, e.g. app.route('/witness', …).

export { CONSORTIUM_ERROR_STATUS };

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export interface WitnessRoutesOptions {
  /** Where failures that are not the client's fault are reported. */
  logError?: (message: string, error: unknown) => void;
  /** Told of each checkpoint cosigned (for metrics); MUST NOT throw. */
  onCosigned?: (cosigned: CosignedCheckpoint) => void;
  /** Told of each refusal with its problem code (for metrics); MUST NOT throw. */
  onRefused?: (code: string) => void;
}

function problemResponse(
  status: number,
  code: string,
  detail: string,
  details?: Record<string, unknown>,
): Response {
  const problem: Problem = {
    type: `urn:sealchain:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(details === undefined || Object.keys(details).length === 0 ? {} : { details }),
  };
  const headers = new Headers({ 'content-type': PROBLEM_MEDIA_TYPE, 'cache-control': 'no-store' });
  if (status === 503) headers.set('retry-after', '1');
  return new Response(JSON.stringify(problem), { status, headers });
}

function errorToResponse(error: unknown, logError: (message: string, error: unknown) => void): Response {
  if (!(error instanceof ConsortiumError)) {
    logError('add-checkpoint failed', error);
    return problemResponse(500, 'INTERNAL_ERROR', 'the witness failed to answer; the failure is in its log');
  }
  const status = CONSORTIUM_ERROR_STATUS[error.code];
  if (status === 409) {
    const latestSize = error.details['latestSize'];
    return new Response(formatTlogSize(typeof latestSize === 'number' ? latestSize : 0), {
      status,
      headers: { 'content-type': TLOG_SIZE_MEDIA_TYPE, 'cache-control': 'no-store' },
    });
  }
  if (status === 500 || status === 502) {
    logError('add-checkpoint failed', error);
    return problemResponse(500, 'INTERNAL_ERROR', 'the witness failed to answer; the failure is in its log');
  }
  if (error.code === 'WITNESS_STORAGE_UNAVAILABLE') logError('witness storage failed', error);
  const details = error.code === 'WITNESS_AUDIT_UNAVAILABLE' ? undefined : { ...error.details };
  return problemResponse(status, error.code, error.message, details);
}

function alarmToJson(alarm: WitnessAlarm) {
  return {
    id: alarm.id,
    origin: alarm.origin,
    kind: alarm.kind,
    detectedAt: alarm.detectedAt,
    knownNote: alarm.knownNote,
    conflictingNote: alarm.conflictingNote,
    evidence: alarm.evidence,
  };
}

/**
 * The witness endpoints: `POST /add-checkpoint` (C2SP tlog-witness) and `GET /alarms` (the forks
 * and audit mismatches this witness recorded, as JSON).
 */
export function createWitnessRoutes(witness: Witness, options: WitnessRoutesOptions = {}): Hono {
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const app = new Hono();
  const maxBytes = witness.options.maxRequestBytes;
  app.post(
    '/add-checkpoint',
    bodyLimit({
      maxSize: maxBytes,
      onError: () =>
        problemResponse(
          413,
          'WITNESS_REQUEST_TOO_LARGE',
          `the add-checkpoint request may be at most ${maxBytes} bytes`,
          {
            maxBytes,
          },
        ),
    }),
    async (c: Context) => {
      try {
        const body = new Uint8Array(await c.req.arrayBuffer());
        const cosigned = await witness.addCheckpoint(body);
        options.onCosigned?.(cosigned);
        return c.body(cosigned.body, 200, {
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'no-store',
        });
      } catch (error) {
        options.onRefused?.(error instanceof ConsortiumError ? error.code : 'INTERNAL_ERROR');
        return errorToResponse(error, logError);
      }
    },
  );
  app.get('/alarms', async (c) => {
    try {
      const alarms = await witness.listAlarms();
      return c.json({ alarms: alarms.map(alarmToJson) }, 200, { 'cache-control': 'no-store' });
    } catch (error) {
      return errorToResponse(error, logError);
    }
  });
  return app;
}

function witnessProblem(description: string) {
  return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } } };
}

const WITNESS_SERVED =
  "Served by each witness under its URL in the consortium file, /witness/{member}/ on the witness's node (the local consortium serves every witness on its one port).";

/**
 * The OpenAPI description of the witness endpoints, whose handlers above answer on the wire as
 * C2SP tlog-witness says (text bodies, a 409 in text/x.tlog.size), outside zod-openapi.
 */
export function registerWitnessPaths(app: OpenAPIHono<ApiEnv>): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/witness/{member}/add-checkpoint',
    tags: ['tlog-witness'],
    summary: 'Ask the witness to cosign a checkpoint (C2SP tlog-witness add-checkpoint)',
    description: `${WITNESS_SERVED} The witness checks the sequencer's signature and the consistency proof from the size it last cosigned, stores the new checkpoint durably, then answers with its cosignature. See https://c2sp.org/tlog-witness#add-checkpoint.`,
    request: {
      params: WitnessParamsSchema,
      body: {
        required: true,
        description:
          'Per C2SP: the line "old <size>" (the size the sequencer believes the witness last cosigned, 0 at first), the consistency proof from that size, one base64 hash a line, an empty line, and the checkpoint note signed by the sequencer.',
        content: {
          'text/plain': {
            schema: AddCheckpointBodySchema,
          },
        },
      },
    },
    responses: {
      200: {
        description:
          'The C2SP tlog-cosignature lines of the witness over the checkpoint, each ending in a newline',
        content: { 'text/plain': { schema: CosignatureLinesSchema } },
      },
      400: witnessProblem('The request is malformed (WITNESS_REQUEST_MALFORMED)'),
      403: witnessProblem(
        "The checkpoint is not signed by the chain's sequencer (WITNESS_SIGNATURE_INVALID), or the witness cosigns nothing more for this chain since it caught it forking (WITNESS_LOG_FROZEN)",
      ),
      404: witnessProblem('The witness does not witness this origin (WITNESS_ORIGIN_UNKNOWN)'),
      409: {
        description:
          'The old size is not the size the witness last cosigned, or the checkpoint forks from the one it cosigned: the body is that size, in decimal',
        content: { [TLOG_SIZE_MEDIA_TYPE]: { schema: TlogSizeSchema } },
      },
      413: witnessProblem('The request is larger than the witness reads (WITNESS_REQUEST_TOO_LARGE)'),
      422: witnessProblem(
        'The consistency proof does not hold (WITNESS_PROOF_INVALID), or the entries an audit-mode witness read do not hash to the checkpoint (WITNESS_AUDIT_MISMATCH)',
      ),
      500: witnessProblem('The witness failed; the failure is in its log (INTERNAL_ERROR)'),
      503: witnessProblem(
        'The witness cannot answer now (WITNESS_STORAGE_UNAVAILABLE, WITNESS_AUDIT_UNAVAILABLE), or its audit of the log goes on in the background (WITNESS_AUDIT_PENDING, details auditedSize and targetSize); see Retry-After',
      ),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/witness/{member}/alarms',
    tags: ['tlog-witness'],
    summary: 'The forks, rejected proofs and audit mismatches this witness caught',
    description: WITNESS_SERVED,
    request: { params: WitnessParamsSchema },
    responses: {
      200: {
        description: 'The alarms, each with its evidence',
        content: { 'application/json': { schema: WitnessAlarmListSchema } },
      },
      500: witnessProblem('The witness failed; the failure is in its log (INTERNAL_ERROR)'),
      503: witnessProblem('The witness storage cannot be read now (WITNESS_STORAGE_UNAVAILABLE)'),
    },
  });
}
