import { z } from '@hono/zod-openapi';
import type { VerificationRequestSchema, VerificationResultSchema } from './schemas.ts';
import { CaseNumberSchema, VerificationRecordSchema } from './schemas.ts';

// POST /v1/verifications (verify a bundle and record the outcome) and GET /v1/verifications.

export const CaseVerificationsQuerySchema = z.object({ caseNumber: CaseNumberSchema });

export const CaseVerificationsSchema = z.object({ verifications: z.array(VerificationRecordSchema) });

export type VerificationRequest = z.input<typeof VerificationRequestSchema>;
export type VerificationResult = z.infer<typeof VerificationResultSchema>;
export type VerificationRecord = z.infer<typeof VerificationRecordSchema>;
export type CaseVerifications = z.infer<typeof CaseVerificationsSchema>;
