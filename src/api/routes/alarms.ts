import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { forkReportToView, sortAlarms } from '../../services/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { AlarmListSchema } from '../contract/index.ts';

export function registerAlarmRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/alarms',
      tags: ['consortium'],
      summary: 'Fork alarms: witnesses that refused a checkpoint of this node with evidence against it',
      description:
        'Each entry is evidence that someone presented two histories of a chain (two checkpoints of one size, a proof that does not verify, entries that do not hash to the signed root). A local consortium also lists its witnesses’ own alarms.',
      responses: {
        200: {
          description: 'Every alarm, newest first (empty while all is well)',
          content: { 'application/json': { schema: AlarmListSchema } },
        },
      },
    }),
    async (c) => {
      const reports = await Promise.all(
        [...context.chains.values()].map(async (chain) =>
          (await chain.finalityStorage.listForkReports(chain.origin)).map((r) =>
            forkReportToView(chain.name, r),
          ),
        ),
      );
      const alarms = sortAlarms([...reports.flat(), ...(await context.consortium.listOtherAlarms())]);
      c.header('cache-control', 'no-store');
      return c.json({ alarms }, 200);
    },
  );
}
