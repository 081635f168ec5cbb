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
import { PROBLEM_MEDIA_TYPE, type Problem } from '../problem.ts';

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
