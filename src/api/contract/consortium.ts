import { z } from '@hono/zod-openapi';

// GET /v1/consortium: the consortium trust file in its own JSON form (src/verify parseTrustFile).

export const TrustFileSchema = z.record(z.string(), z.unknown()).openapi('ConsortiumFile', {
  description: 'The consortium trust file (version 2): chains, witnesses, quorum, members, authorities',
});
