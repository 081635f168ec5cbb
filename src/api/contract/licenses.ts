import { z } from '@hono/zod-openapi';

// Licences (授权) of registered works: the request and answer schemas of src/api/routes/licenses.ts.
// Terms are checked in full by the registry (src/registry/license-terms.ts), which names each bad field.

export const LicenseNumberParamSchema = z
  .string()
  .max(64)
  .openapi({
    param: { name: 'number', in: 'path' },
    example: 'SC-2026-L-00000012-3',
  });

export const LicenseTermsSchema = z.record(z.string(), z.unknown()).openapi('LicenseTerms', {
  description:
    'licensee { name, idNumber? }, scope [reproduce|distribute|adapt|perform|broadcast|network-dissemination], territory [ISO 3166-1 alpha-2 | WORLD], term { start, end? }, exclusivity exclusive|sole|non-exclusive, domains [..], appIds [..], remarks?',
});

export const LicenseRevocationRequestSchema = z
  .object({ reason: z.string().min(1).max(2000) })
  .openapi('LicenseRevocationRequest');

const EntryRefSchema = z.object({ index: z.number().int(), leafHash: z.string() });

export const LicenseRevokerSchema = z
  .object({
    name: z.string().openapi({ description: 'The principal that revoked it (the entry’s unit)' }),
    capacity: z.enum(['licensor', 'registrar']).openapi({
      description:
        'licensor: the unit or creator that registered the work, for its rights holder; registrar: a registrar of the copyright centre, who may revoke any licence',
    }),
  })
  .openapi('LicenseRevoker');

export const LicenseSchema = z
  .object({
    number: z.string(),
    work: z.string(),
    licensor: z.object({ name: z.string() }).openapi({ description: "The work's rights holder" }),
    grantedBy: z.string().openapi({ description: 'The principal that filed the grant' }),
    status: z.enum(['granted', 'revoked']),
    licensee: z.object({ name: z.string() }),
    scope: z.array(z.string()),
    territory: z.array(z.string()),
    term: z.object({ start: z.string(), end: z.string().optional() }),
    exclusivity: z.string(),
    domains: z.array(z.string()),
    appIds: z.array(z.string()),
    grantedAt: z.string().nullable(),
    entry: EntryRefSchema.nullable(),
    revoked: z.boolean(),
    revocation: z
      .object({
        reason: z.string(),
        revokedAt: z.string(),
        revokedBy: LicenseRevokerSchema,
        entry: EntryRefSchema,
      })
      .nullable(),
  })
  .openapi('License');

const LicenseReceiptSchema = z.object({ index: z.number().int(), time: z.string(), receipt: z.string() });

export const LicenseGrantSchema = z
  .object({
    license: LicenseSchema,
    disclosures: z.record(z.string(), z.string()).openapi({
      description: "The registrant's only copy of the disclosures naming an identity number",
    }),
    receipt: LicenseReceiptSchema,
    links: z.object({ self: z.string(), certificate: z.string(), verify: z.string() }),
  })
  .openapi('LicenseGrant');

export const LicenseListSchema = z.object({ licenses: z.array(LicenseSchema) }).openapi('LicenseList');

export const LicenseAnswerSchema = z
  .object({
    license: LicenseSchema,
    links: z.object({ bundle: z.string(), revocationBundle: z.string().nullable(), verify: z.string() }),
  })
  .openapi('LicenseAnswer');

export const LicenseRevocationSchema = z
  .object({
    license: LicenseSchema,
    receipt: LicenseReceiptSchema,
    links: z.object({ certificate: z.string() }),
  })
  .openapi('LicenseRevocation');
