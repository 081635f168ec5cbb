import { z } from 'zod';
import { RegistryError } from './errors.ts';
import { refuseForbiddenJsonText } from './text-checks.ts';
import { hasControlCharacters } from './work-metadata.ts';

// The terms of a licence (授权) of a registered work. Scopes follow the economic rights of the
// Copyright Law of the PRC, Art. 10: reproduction, distribution, adaptation, performance,
// broadcasting and communication over information networks (信息网络传播权).

export const LICENSE_SCOPES = [
  'reproduce',
  'distribute',
  'adapt',
  'perform',
  'broadcast',
  'network-dissemination',
] as const;
export type LicenseScope = (typeof LICENSE_SCOPES)[number];

export const LICENSE_EXCLUSIVITY = ['exclusive', 'sole', 'non-exclusive'] as const;
export type LicenseExclusivity = (typeof LICENSE_EXCLUSIVITY)[number];

export interface LicenseTerms {
  licensee: { name: string; idNumber?: string };
  scope: LicenseScope[];
  /** ISO 3166-1 alpha-2 codes, or ["WORLD"]. */
  territory: string[];
  /** YYYY-MM-DD; `end` absent for a licence without end. */
  term: { start: string; end?: string };
  exclusivity: LicenseExclusivity;
  /** Host names where the licensee uses the work (monitoring treats copies there as licensed). */
  domains: string[];
  /** App identifiers (package names, bundle ids) of the licensee. */
  appIds: string[];
  remarks?: string;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const HOST_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const APP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

const dateText = z
  .string()
  .refine(
    (text) => DATE_PATTERN.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text),
    'must be a date YYYY-MM-DD',
  );

const name = z
  .string()
  .transform((value) => value.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .refine((value) => !hasControlCharacters(value), 'must not contain control characters'),
  );

const TermsSchema = z.strictObject({
  licensee: z.strictObject({ name, idNumber: name.optional() }),
  scope: z
    .array(z.enum(LICENSE_SCOPES, { message: `must be one of ${LICENSE_SCOPES.join(', ')}` }))
    .min(1, 'must name at least one right')
    .max(LICENSE_SCOPES.length),
  territory: z
    .array(z.string().regex(/^([A-Z]{2}|WORLD)$/, 'must be ISO 3166-1 alpha-2 codes or WORLD'))
    .min(1, 'must name at least one territory')
    .max(250),
  term: z.strictObject({ start: dateText, end: dateText.optional() }),
  exclusivity: z.enum(LICENSE_EXCLUSIVITY, { message: `must be one of ${LICENSE_EXCLUSIVITY.join(', ')}` }),
  domains: z
    .array(
      z
        .string()
        .transform((value) => value.trim().toLowerCase().replace(/\.$/, ''))
        .pipe(z.string().regex(HOST_PATTERN, 'must be host names such as example.com')),
    )
    .max(50)
    .default([]),
  appIds: z
    .array(z.string().regex(APP_ID_PATTERN, 'must be app identifiers such as com.example.app'))
    .max(50)
    .default([]),
  remarks: z.string().max(2000).optional(),
});

/** Validates licence terms; throws LICENSE_INVALID listing every problem. */
export function parseLicenseTerms(input: unknown): LicenseTerms {
  refuseForbiddenJsonText(input, 'terms');
  const result = TermsSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 20).map((issue) => ({
      field: issue.path.map(String).join('.') || 'terms',
      message: issue.message,
    }));
    throw new RegistryError('LICENSE_INVALID', `${issues[0]!.field}: ${issues[0]!.message}`, {
      details: { issues },
    });
  }
  const terms = result.data;
  if (terms.term.end !== undefined && terms.term.end < terms.term.start) {
    throw new RegistryError('LICENSE_INVALID', 'term.end: must not be before term.start', {
      details: { issues: [{ field: 'term.end', message: 'must not be before term.start' }] },
    });
  }
  const parsed: LicenseTerms = {
    licensee:
      terms.licensee.idNumber === undefined
        ? { name: terms.licensee.name }
        : { name: terms.licensee.name, idNumber: terms.licensee.idNumber },
    scope: [...new Set(terms.scope)],
    territory: [...new Set(terms.territory)],
    term:
      terms.term.end === undefined
        ? { start: terms.term.start }
        : { start: terms.term.start, end: terms.term.end },
    exclusivity: terms.exclusivity,
    domains: [...new Set(terms.domains)],
    appIds: [...new Set(terms.appIds)],
  };
  if (terms.remarks !== undefined) parsed.remarks = terms.remarks;
  return parsed;
}
