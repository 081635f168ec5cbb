import type { TFunction } from 'i18next';
import { ApiProblem } from '../../api/client.ts';

// The API's rules for a work's metadata and a licence's terms (src/registry/work-metadata.ts and
// license-terms.ts), mirrored for the forms so a creator learns of a mistake before uploading;
// the server stays the judge, and its refusal is shown on the field it names.

export const LIMITS = {
  title: 200,
  author: 100,
  authors: 20,
  place: 200,
  holderName: 200,
  idNumber: 64,
  licenseStatement: 2000,
  licensee: 200,
  remarks: 2000,
  reason: 2000,
  listItems: 50,
} as const;

const HOST_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const APP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
const TERRITORY_PATTERN = /^([A-Z]{2}|WORLD)$/;

/** Today's date as the server reads it (UTC), YYYY-MM-DD. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The NFC-normalised, trimmed text the server keeps. */
export function cleanText(value: string | undefined): string {
  return (value ?? '').normalize('NFC').trim();
}

type Rule = { validator: (rule: unknown, value: unknown) => Promise<void> };

/** A visible text of at most `max` characters; `required` false lets it be empty. */
export function textRule(t: TFunction, max: number, required = true): Rule {
  return {
    validator: async (_rule, value) => {
      const text = cleanText(typeof value === 'string' ? value : '');
      if (text === '') {
        if (required) throw new Error(t('rules.required'));
        return;
      }
      if (text.length > max) throw new Error(t('rules.tooLong', { max }));
      if (hasControlCharacters(text)) throw new Error(t('rules.control'));
    },
  };
}

/** A date YYYY-MM-DD, not after today, not before `notBefore()` when that is given. */
export function dateRule(
  t: TFunction,
  options: { required: boolean; notFuture?: boolean; notBefore?: () => string | undefined },
): Rule {
  return {
    validator: async (_rule, value) => {
      const text = typeof value === 'string' ? value : '';
      if (text === '') {
        if (options.required) throw new Error(t('rules.required'));
        return;
      }
      if (!isCalendarDate(text)) throw new Error(t('rules.date'));
      if (options.notFuture === true && text > todayUtc()) throw new Error(t('rules.future'));
      const earliest = options.notBefore?.();
      if (earliest !== undefined && earliest !== '' && text < earliest) {
        throw new Error(t('rules.beforeEarlier', { date: earliest }));
      }
    },
  };
}

/** A list of 1..max (or 0..max) texts of at most `each` characters. */
export function listRule(
  t: TFunction,
  options: { min: number; max: number; each?: number; pattern?: RegExp; patternKey?: string },
): Rule {
  return {
    validator: async (_rule, value) => {
      const items = (Array.isArray(value) ? value : []).map((item) => cleanText(String(item)));
      if (items.length < options.min) throw new Error(t('rules.required'));
      if (items.length > options.max) throw new Error(t('rules.tooMany', { max: options.max }));
      for (const item of items) {
        if (item === '' || hasControlCharacters(item)) throw new Error(t('rules.control'));
        if (options.each !== undefined && item.length > options.each) {
          throw new Error(t('rules.tooLong', { max: options.each }));
        }
        if (options.pattern !== undefined && !options.pattern.test(item)) {
          throw new Error(t(options.patternKey ?? 'rules.format', { value: item }));
        }
      }
    },
  };
}

export const PATTERNS = { host: HOST_PATTERN, appId: APP_ID_PATTERN, territory: TERRITORY_PATTERN };

export interface FieldIssue {
  field: string;
  message: string;
}

/** The per-field issues of a refusal (WORK_METADATA_INVALID, LICENSE_INVALID…), if it lists them. */
export function readIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiProblem)) return [];
  const details = error.details as { issues?: unknown; details?: { issues?: unknown } } | undefined;
  const issues = details?.issues ?? details?.details?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (issue): issue is FieldIssue =>
      typeof issue === 'object' &&
      issue !== null &&
      typeof (issue as FieldIssue).field === 'string' &&
      typeof (issue as FieldIssue).message === 'string',
  );
}

/**
 * Puts each server issue on the form field it names (`authors[0]` → authors); answers the issues
 * no field took, for the banner.
 */
export function placeIssues<Name extends string>(
  issues: readonly FieldIssue[],
  fieldOf: (serverField: string) => Name | undefined,
  setErrors: (fields: { name: Name; errors: string[] }[]) => void,
): FieldIssue[] {
  const byField = new Map<Name, string[]>();
  const rest: FieldIssue[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.field.replace(/\[\d+\]$/, '').replace(/\.\d+$/, ''));
    if (field === undefined) rest.push(issue);
    else byField.set(field, [...(byField.get(field) ?? []), issue.message]);
  }
  setErrors([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}
