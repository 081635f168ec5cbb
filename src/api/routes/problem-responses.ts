import { PROBLEM_MEDIA_TYPE } from '../problem.ts';
import { ProblemSchema } from '../contract/index.ts';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid request (REQUEST_INVALID, JSON_INVALID, ENTRY_INVALID, TILE_PATH_INVALID, …)',
  401: 'No valid bearer token (UNAUTHENTICATED, API_KEY_REVOKED)',
  403: 'The token is not allowed here (FORBIDDEN)',
  404: 'Unknown chain, entry, unit, tile or checkpoint',
  409: 'Conflict (UNIT_NAME_TAKEN)',
  413: 'Body too large (BODY_TOO_LARGE, BLOB_TOO_LARGE)',
  415: 'Wrong Content-Type (MEDIA_TYPE_UNSUPPORTED)',
  422: 'Idempotency-Key reused for another request (IDEMPOTENCY_KEY_REUSED), or text that is not UTF-8 or holds NUL (TEXT_ENCODING_INVALID, TEXT_NUL_REFUSED)',
  429: "The unit's rate limit is reached (RATE_LIMITED); see Retry-After",
  503: 'Overloaded or not ready (OVERLOADED, NOT_READY, …); see Retry-After',
  507: 'The unit holds its quota of entries on this chain (STORAGE_QUOTA_EXCEEDED)',
};

/** OpenAPI response entries for the given problem statuses. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? 'Problem',
        content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
      },
    ]),
  ) as Record<number, { description: string; content: Record<string, { schema: typeof ProblemSchema }> }>;
}
