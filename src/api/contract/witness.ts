import { z } from '@hono/zod-openapi';

// C2SP tlog-witness (https://c2sp.org/tlog-witness) as each witness serves it under
// /witness/{member}/: text bodies on the wire, described here for the OpenAPI document.

export const WitnessParamsSchema = z.object({
  member: z
    .string()
    .openapi({ param: { name: 'member', in: 'path' }, description: "The witness's name", example: 'notary' }),
});

export const WitnessAlarmSchema = z
  .object({
    id: z.number().int(),
    origin: z.string(),
    kind: z.enum(['fork', 'proof-rejected', 'audit-mismatch']),
    detectedAt: z.string(),
    knownNote: z.string().nullable(),
    conflictingNote: z.string(),
    evidence: z.string(),
  })
  .openapi('WitnessAlarm');

export const AddCheckpointBodySchema = z.string().openapi({
  example:
    'old 8\n<hash, base64>\n…\n\ncourt.sealchain.local/evidence\n12\n<root hash, base64>\n\n— court.sealchain.local/evidence <signature>\n',
});

export const CosignatureLinesSchema = z.string();

export const TlogSizeSchema = z.string().openapi({ example: '12\n' });

export const WitnessAlarmListSchema = z.object({ alarms: z.array(WitnessAlarmSchema) });

export type WitnessAlarmView = z.infer<typeof WitnessAlarmSchema>;
export type WitnessAlarmList = z.infer<typeof WitnessAlarmListSchema>;
