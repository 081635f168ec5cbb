import type { TFunction } from 'i18next';
import { cleanText, dateRule, LIMITS, listRule, textRule } from './work-rules.ts';

// A work's particulars as the register form holds them: the API's rule of each field, the
// metadata JSON built from them, and where a server issue about a field belongs.

export interface WorkFormValues {
  title: string;
  authors: string;
  workType: string;
  creationDate: string;
  published?: boolean;
  publicationDate?: string;
  publicationPlace?: string;
  holderName: string;
  holderId?: string;
  licenseStatement?: string;
}

/** Authors as typed in one field, separated by commas, 、 or semicolons. */
export function splitAuthors(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,，、;；]/)
    .map((author) => cleanText(author))
    .filter((author) => author !== '');
}

/** The metadata JSON the API takes (POST /v1/works, part `metadata`). */
export function toMetadata(values: WorkFormValues): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    title: cleanText(values.title),
    authors: splitAuthors(values.authors),
    workType: values.workType,
    creationDate: values.creationDate,
    rightsHolder:
      cleanText(values.holderId) === ''
        ? { name: cleanText(values.holderName) }
        : { name: cleanText(values.holderName), idNumber: cleanText(values.holderId) },
  };
  if (values.published === true) {
    metadata['firstPublication'] = {
      date: values.publicationDate,
      place: cleanText(values.publicationPlace),
    };
  }
  if (cleanText(values.licenseStatement) !== '')
    metadata['licenseStatement'] = cleanText(values.licenseStatement);
  return metadata;
}

/** The form field of a server issue's field (`rightsHolder.name` → holderName). */
export function fieldOfMetadataIssue(field: string): keyof WorkFormValues | undefined {
  const fields: Record<string, keyof WorkFormValues> = {
    title: 'title',
    authors: 'authors',
    workType: 'workType',
    creationDate: 'creationDate',
    'firstPublication.date': 'publicationDate',
    'firstPublication.place': 'publicationPlace',
    firstPublication: 'publicationDate',
    'rightsHolder.name': 'holderName',
    'rightsHolder.idNumber': 'holderId',
    licenseStatement: 'licenseStatement',
  };
  return fields[field];
}

type Rule = ReturnType<typeof textRule>;

/**
 * The rules of each field, as the API's (src/registry/work-metadata.ts); `readValue` reads another
 * field of the form (the publication date is checked against the creation date).
 */
export function buildWorkRules(
  t: TFunction,
  readValue: (field: keyof WorkFormValues) => unknown,
): Record<
  | 'title'
  | 'authors'
  | 'creationDate'
  | 'publicationDate'
  | 'publicationPlace'
  | 'holderName'
  | 'holderId'
  | 'licenseStatement',
  Rule[]
> {
  return {
    title: [textRule(t, LIMITS.title)],
    authors: [
      {
        validator: (rule, value) =>
          listRule(t, { min: 1, max: LIMITS.authors, each: LIMITS.author }).validator(
            rule,
            splitAuthors(typeof value === 'string' ? value : ''),
          ),
      },
    ],
    creationDate: [dateRule(t, { required: true, notFuture: true })],
    publicationDate: [
      dateRule(t, {
        required: true,
        notFuture: true,
        notBefore: () => readValue('creationDate') as string | undefined,
      }),
    ],
    publicationPlace: [textRule(t, LIMITS.place)],
    holderName: [textRule(t, LIMITS.holderName)],
    holderId: [textRule(t, LIMITS.idNumber, false)],
    licenseStatement: [textRule(t, LIMITS.licenseStatement, false)],
  };
}
