import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { describeRevocationCertificate, RegistryError, toLicenseView } from '../../registry/index.ts';
import { describeLicenseSubject } from '../../services/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  CertificateQuerySchema,
  LicenseAnswerSchema,
  LicenseGrantSchema,
  LicenseListSchema,
  LicenseNumberParamSchema as NumberParamSchema,
  LicenseRevocationRequestSchema,
  LicenseRevocationSchema,
  LicenseTermsSchema,
} from '../contract/index.ts';
import { runAdmitted } from '../deposit.ts';
import { limitCertificateRendering } from '../render-limit.ts';
import {
  answerEntryCertificate,
  certificateResponses,
  locateVerifyPage,
  readWaitMs,
} from './certificates.ts';
import { problemResponses } from './problem-responses.ts';
import { requireWorks } from './works.ts';

// Licences (授权) of registered works: the licensor is the work's rights holder; the registry
// grants and revokes on the holder's behalf for the unit that registered the work (another unit is
// refused with 403 NOT_REGISTRANT); a registrar of the copyright centre may revoke any licence.
// Each is recorded on the works chain, each with a certificate.

export function registerLicenseRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/works/{number}/licenses',
      tags: ['licenses'],
      summary: 'Grant a licence of a registered work (its registering unit only)',
      security: [{ bearerAuth: [] }],
      request: {
        params: z.object({ number: NumberParamSchema }),
        body: { content: { 'application/json': { schema: LicenseTermsSchema } }, required: true },
      },
      responses: {
        201: {
          description: 'Granted and recorded',
          content: { 'application/json': { schema: LicenseGrantSchema } },
        },
        ...problemResponses(400, 401, 403, 404, 429, 503),
      },
    }),
    async (c) => {
      const { works } = requireWorks(context);
      const unit = c.get('unit').name;
      const granted = await runAdmitted(context, unit, 1, () =>
        works.licenses.grant(unit, c.req.valid('param').number, c.req.valid('json')),
      );
      return c.json(
        {
          license: toLicenseView(granted.license),
          // The registrant's only copy of disclosures naming an identity number.
          disclosures: granted.disclosures,
          receipt: {
            index: granted.receipt.leafIndex,
            time: granted.receipt.time,
            receipt: granted.receipt.receipt,
          },
          links: {
            self: `/v1/licenses/${granted.license.number}`,
            certificate: `/v1/licenses/${granted.license.number}/certificate.pdf`,
            verify: locateVerifyPage(c, granted.license.number),
          },
        },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/works/{number}/licenses',
      tags: ['licenses'],
      summary:
        'The licences of a work, oldest first, each with its status: granted, or revoked with the time and entry of the revocation',
      request: { params: z.object({ number: NumberParamSchema }) },
      responses: {
        200: { description: 'The licences', content: { 'application/json': { schema: LicenseListSchema } } },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const { works } = requireWorks(context);
      const licenses = await works.licenses.listLicenses(c.req.valid('param').number);
      return c.json({ licenses: licenses.map(toLicenseView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/licenses/{number}',
      tags: ['licenses'],
      summary: 'A licence, by its number, with its status (granted or revoked) and its entries',
      request: { params: z.object({ number: NumberParamSchema }) },
      responses: {
        200: { description: 'The licence', content: { 'application/json': { schema: LicenseAnswerSchema } } },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const { works, chain } = requireWorks(context);
      const license = await works.licenses.readLicense(c.req.valid('param').number);
      const revocation = license.revocation?.entry ?? null;
      return c.json(
        {
          license: toLicenseView(license),
          links: {
            bundle: `/v1/chains/${chain.name}/entries/${license.entry!.index}/bundle`,
            revocationBundle:
              revocation === null ? null : `/v1/chains/${chain.name}/entries/${revocation.index}/bundle`,
            verify: locateVerifyPage(c, license.number),
          },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/licenses/{number}/revocation',
      tags: ['licenses'],
      summary:
        'Revoke a licence: the unit or creator that registered the work, for its rights holder, or a registrar of the copyright centre, any licence (others get 403 NOT_REGISTRANT); recorded on the works chain with who revoked and in what capacity. A reason with NUL is 422 TEXT_INVALID',
      security: [{ bearerAuth: [] }],
      request: {
        params: z.object({ number: NumberParamSchema }),
        body: {
          content: { 'application/json': { schema: LicenseRevocationRequestSchema } },
          required: true,
        },
      },
      responses: {
        200: {
          description: 'Revoked and recorded',
          content: { 'application/json': { schema: LicenseRevocationSchema } },
        },
        ...problemResponses(400, 401, 403, 404, 409, 422, 429, 503),
      },
    }),
    async (c) => {
      const { works } = requireWorks(context);
      const unit = c.get('unit').name;
      const actor = { name: unit, forAnyone: c.get('actsForAnyone') };
      const revoked = await runAdmitted(context, unit, 1, () =>
        works.licenses.revoke(actor, c.req.valid('param').number, c.req.valid('json').reason),
      );
      return c.json(
        {
          license: toLicenseView(revoked.license),
          receipt: {
            index: revoked.receipt.leafIndex,
            time: revoked.receipt.time,
            receipt: revoked.receipt.receipt,
          },
          links: { certificate: `/v1/licenses/${revoked.license.number}/revocation/certificate.pdf` },
        },
        200,
      );
    },
  );

  for (const [suffix, revocation] of [
    ['certificate', false],
    ['revocation/certificate', true],
  ] as const) {
    for (const format of ['pdf', 'html'] as const) {
      app.openapi(
        createRoute({
          method: 'get',
          path: `/v1/licenses/{number}/${suffix}.${format}`,
          tags: ['licenses'],
          summary: `The certificate of the licence${revocation ? "'s revocation" : ''} (${format.toUpperCase()})`,
          middleware: [limitCertificateRendering(context)] as const,
          request: { params: z.object({ number: NumberParamSchema }), query: CertificateQuerySchema },
          responses: certificateResponses(format),
        }),
        async (c) => {
          const { works, chain } = requireWorks(context);
          const license = await works.licenses.readLicense(c.req.valid('param').number);
          const work = await works.registry.readWork(license.workNumber);
          const entry = revocation ? license.revocation?.entry : license.entry;
          if (entry === null || entry === undefined) {
            throw new RegistryError('LICENSE_NOT_FOUND', `${license.number} is not revoked`, {
              details: { number: license.number },
            });
          }
          const waitMs = readWaitMs(context, c.req.valid('query'));
          return answerEntryCertificate(c, context, chain, entry.index, waitMs, format, async () => ({
            subject: revocation
              ? describeRevocationCertificate(license, work)
              : describeLicenseSubject(works, license, work),
            verifyUrl: locateVerifyPage(c, `${chain.name}/${entry.index}`),
          }));
        },
      );
    }
  }
}
