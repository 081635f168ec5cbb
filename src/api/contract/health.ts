import { z } from '@hono/zod-openapi';

// /healthz, /readyz and /metrics.

export const StatusSchema = z.object({ status: z.literal('ok') }).openapi('Status');

export const MetricsTextSchema = z.string();

export type Status = z.infer<typeof StatusSchema>;
