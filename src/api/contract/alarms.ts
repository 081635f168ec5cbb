import { z } from '@hono/zod-openapi';
import { AlarmSchema } from './schemas.ts';

// GET /v1/alarms: the fork alarms this node (and a local consortium's witnesses) raised.

export const AlarmListSchema = z.object({ alarms: z.array(AlarmSchema) });

export type Alarm = z.infer<typeof AlarmSchema>;
export type AlarmList = z.infer<typeof AlarmListSchema>;
