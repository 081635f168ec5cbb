import { z } from 'zod';
import { RegistryError } from './errors.ts';
import { refuseForbiddenJsonText } from './text-checks.ts';

// What a creator declares when registering a work (the particulars of a DCI-style registration).
// Everything here is what the registrant says; the registry proves only who said it and when.

export const WORK_TYPES = ['text', 'image', 'audio', 'video', 'software', 'other'] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export interface RightsHolder {
  name: string;
  /** An identity document or organisation code (e.g. a unified social credit code); never published. */
  idNumber?: string;
}

export interface WorkMetadata {
  title: string;
  authors: string[];
  workType: WorkType;
  /** YYYY-MM-DD. */
  creationDate: string;
  /** Present when the work has been published. */
  firstPublication?: { date: string; place: string };
  rightsHolder: RightsHolder;
  /** e.g. "All rights reserved" or "CC BY 4.0". */
  licenseStatement?: string;
}

const MAX_METADATA_CHARS = 16 * 1024;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True when the text holds a C0 control character or DEL. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function isCalendarDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

const visibleText = (max: number) =>
  z
    .string()
    .transform((value) => value.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, 'must not be empty')
        .max(max, `must be at most ${max} characters`)
        .refine((value) => !hasControlCharacters(value), 'must not contain control characters'),
    );

const dateText = z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD');

const MetadataSchema = z.strictObject({
  title: visibleText(200),
  authors: z.array(visibleText(100)).min(1, 'must name at least one author').max(20, 'may name at most 20'),
  workType: z.enum(WORK_TYPES, { message: `must be one of ${WORK_TYPES.join(', ')}` }),
  creationDate: dateText,
  firstPublication: z.strictObject({ date: dateText, place: visibleText(200) }).optional(),
  rightsHolder: z.strictObject({
    name: visibleText(200),
    idNumber: visibleText(64).optional(),
  }),
  licenseStatement: visibleText(2000).optional(),
});

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

/**
 * Validates declared metadata (parsed JSON, or its text); dates may not lie after `today`
 * (YYYY-MM-DD) and a work is not published before it was created. Throws WORK_METADATA_INVALID
 * listing every problem, or TEXT_INVALID for NUL or U+FFFD (bytes that were not UTF-8).
 */
export function parseWorkMetadata(input: unknown, today: string): WorkMetadata {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > MAX_METADATA_CHARS) {
      throw new RegistryError(
        'WORK_METADATA_INVALID',
        `metadata may be at most ${MAX_METADATA_CHARS} characters`,
      );
    }
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new RegistryError('WORK_METADATA_INVALID', 'metadata must be a JSON object', { cause });
    }
  }
  // NUL and undecodable bytes are refused as such (TEXT_INVALID), before the schema reads them.
  refuseForbiddenJsonText(value);
  const result = MetadataSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 20).map((issue) => ({
      field: formatPath(issue.path) || 'metadata',
      message: issue.message,
    }));
    throw new RegistryError('WORK_METADATA_INVALID', `${issues[0]!.field}: ${issues[0]!.message}`, {
      details: { issues },
    });
  }
  const metadata = result.data;
  const dated: [string, string][] = [['creationDate', metadata.creationDate]];
  if (metadata.firstPublication !== undefined)
    dated.push(['firstPublication.date', metadata.firstPublication.date]);
  for (const [field, date] of dated) {
    if (date > today) {
      throw new RegistryError('WORK_METADATA_INVALID', `${field}: must not be after ${today}`, {
        details: { issues: [{ field, message: `must not be after ${today}` }] },
      });
    }
  }
  if (metadata.firstPublication !== undefined && metadata.firstPublication.date < metadata.creationDate) {
    throw new RegistryError(
      'WORK_METADATA_INVALID',
      'firstPublication.date: must not be before creationDate',
      {
        details: { issues: [{ field: 'firstPublication.date', message: 'must not be before creationDate' }] },
      },
    );
  }
  const parsed: WorkMetadata = {
    title: metadata.title,
    authors: metadata.authors,
    workType: metadata.workType,
    creationDate: metadata.creationDate,
    rightsHolder:
      metadata.rightsHolder.idNumber === undefined
        ? { name: metadata.rightsHolder.name }
        : { name: metadata.rightsHolder.name, idNumber: metadata.rightsHolder.idNumber },
  };
  if (metadata.firstPublication !== undefined) parsed.firstPublication = metadata.firstPublication;
  if (metadata.licenseStatement !== undefined) parsed.licenseStatement = metadata.licenseStatement;
  return parsed;
}

/** The name a rights holder is searched by: NFC, trimmed, inner space collapsed, case folded. */
export function normalizeHolderName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
