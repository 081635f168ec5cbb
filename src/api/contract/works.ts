import { z } from '@hono/zod-openapi';
import { CertificateQuerySchema } from './certificates.ts';

// The works registry (版权登记): POST /v1/works, GET /v1/works[/{number}], POST /v1/works/search
// and the caller's own works, GET /v1/me/works. The answers are src/registry's views; the routes
// type their answers with the interfaces below, so a view that drifts from them fails to compile.

export const WORK_TYPES = ['text', 'image', 'audio', 'video', 'software', 'other'] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export const NumberParamSchema = z
  .string()
  .max(64)
  .openapi({
    param: { name: 'number', in: 'path' },
    description: 'A registration number',
    example: 'SC-2026-W-00001234-7',
  });

export const RegistrationQuerySchema = z.object({
  wait: z.enum(['final', 'none']).default('final').openapi({
    description: 'Wait (up to timeoutMs) for a final checkpoint so that the answer carries the bundle',
  }),
  timeoutMs: CertificateQuerySchema.shape.timeoutMs,
});

export const WorkListQuerySchema = z.object({
  holder: z.string().max(200).optional().openapi({ description: "Rights holder's name" }),
  q: z.string().max(200).optional().openapi({ description: 'Words of the title' }),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/)
    .transform(Number)
    .optional()
    .openapi({ type: 'string', example: '20' }),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/)
    .transform(Number)
    .optional()
    .openapi({ type: 'string', description: 'The `next` cursor of the previous page' }),
});

export const JsonAnswerSchema = z.record(z.string(), z.unknown());

const METADATA_DESCRIPTION = `JSON: { title, authors: [..], workType: ${WORK_TYPES.join('|')}, creationDate: YYYY-MM-DD, firstPublication?: { date, place }, rightsHolder: { name, idNumber? }, licenseStatement? }`;

export const WorkFormSchema = {
  type: 'object' as const,
  required: ['file'],
  properties: {
    file: { type: 'string' as const, format: 'binary' },
    metadata: { type: 'string' as const, description: METADATA_DESCRIPTION },
    workType: { type: 'string' as const, description: 'search only: the type to read the file as' },
  },
};

export const WorkNumberParamsSchema = z.object({ number: NumberParamSchema });

export const MyWorksQuerySchema = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Words of the title' }),
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/)
    .transform(Number)
    .default(1)
    .openapi({ type: 'string', example: '1', description: 'The page, from 1' }),
  pageSize: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/)
    .transform(Number)
    .default(20)
    .openapi({ type: 'string', example: '20', description: 'Works per page (at most 100)' }),
});

/** `pending` until the registration's entry is on the chain (a moment after POST /v1/works). */
export type RegistrationStatus = 'pending' | 'pending-review' | 'registered' | 'rejected';

/** An earlier registration like this one (src/registry's SimilarWork). */
export interface SimilarWorkView {
  number: string;
  title: string;
  /** When the earlier work was registered. */
  time: string;
  /** In [0, 1]. */
  similarity: number;
  basis: string;
}

/** The same, as a held registration's review lists it. */
export interface ReviewSimilarView {
  number: string;
  title: string;
  registeredAt: string;
  similarity: number;
  basis: string;
}

export interface ReviewView {
  status: 'pending-review' | 'approved' | 'rejected';
  similar: ReviewSimilarView[];
  decision: {
    decision: 'approve' | 'reject';
    reason: string;
    decidedAt: string;
    entry: { index: number; leafHash: string };
  } | null;
}

export interface WorkView {
  number: string;
  status: RegistrationStatus;
  title: string;
  workType: WorkType;
  authors: string[];
  creationDate: string;
  firstPublication: { date: string; place: string } | null;
  rightsHolder: { name: string };
  licenseStatement: string | null;
  registrant: string;
  registeredAt: string | null;
  file: {
    name: string;
    sizeBytes: number;
    mediaType: string;
    format: string;
    sha256: string;
    /** How the portal may show it (GET /v1/works/{number}/file sends it accordingly). */
    preview: 'image' | 'audio' | 'video' | 'text' | 'download';
  };
  codes: { iscc: string; content: string | null; data: string; instance: string; pdq: string | null };
  entry: { index: number; leafHash: string } | null;
  flagged: boolean;
  similar: SimilarWorkView[];
  /** Null for a registration that never needed review. */
  review: ReviewView | null;
}

export interface WorkLinks {
  self: string;
  /** Null while held for review or after a rejection. */
  certificate: string | null;
  licenses: string;
  bundle: string | null;
  verify: string;
}

/** GET /v1/works/{number}. */
export interface WorkAnswer {
  registration: WorkView;
  links: WorkLinks;
}

/** POST /v1/works (201). */
export interface RegistrationAnswer extends WorkAnswer {
  /** The holder's only copy of disclosures naming an identity number: the registry keeps none. */
  disclosures: unknown;
  receipt: { index: number; time: string; entry: string; receipt: string };
  /** The proof bundle under a final checkpoint, null when none covered the entry in time. */
  bundle: unknown;
}

/** GET /v1/works. */
export interface WorkListAnswer {
  works: WorkView[];
  /** The `before` cursor of the next page; null on the last. */
  next: string | null;
}

/** GET /v1/me/works. */
export interface MyWorksAnswer {
  works: (WorkView & { links: WorkLinks })[];
  total: number;
  page: number;
  pageSize: number;
}
