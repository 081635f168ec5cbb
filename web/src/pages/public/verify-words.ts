import type { VerificationReport } from '../../../../src/verify/index.ts';
import type { PageCheck } from './verify-run.ts';

// How the verify page words one check in the reader's language: from the check's id, its failure
// code (details.code) and the values it compared — never from the verifier's English summary,
// which stays behind the "technical detail" fold. The sentences are the `verify.detail.<id>.*`
// keys of web/src/i18n/public.ts; this module only picks the key and gathers its values.

export interface CheckWording {
  /** An i18n key of the public namespace, or null when the check's generic line says it all. */
  key: string | null;
  values: Record<string, string | number>;
  /** Compared values shown as label and value (hashes, digests): label keys under verify.fact. */
  facts: { label: string; value: string }[];
  /** A failure code the page has no sentence for, shown as a code. */
  unknownCode?: string;
}

const FACTS = [
  'expectedLeafHash',
  'computedLeafHash',
  'expectedDigest',
  'computedDigest',
  'rootHash',
  'receiptLeafHash',
  'bundleLeafHash',
  'signerKey',
  'reason',
] as const;

function readText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function readList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The values a sentence may name, with lists joined by the caller's separator. */
function gatherValues(
  check: PageCheck,
  report: VerificationReport,
  joinList: (items: string[]) => string,
  formatTime: (time: string) => string,
): Record<string, string | number> {
  const values: Record<string, string | number> = {
    index: report.index,
    treeSize: report.treeSize,
    chain: report.chain,
  };
  if (report.entry !== undefined) values['entryTime'] = formatTime(report.entry.time);
  for (const [name, value] of Object.entries(check.details)) {
    const text = readText(value);
    if (text !== undefined) values[name] = /time$/i.test(name) ? formatTime(text) : text;
  }
  if (check.id === 'cosignatures') {
    const counted = readList(check.details['countedOrganisations']);
    values['counted'] = counted.length;
    values['names'] = joinList(counted);
    values['independent'] = readList(check.details['independentWitnesses']).length;
    values['own'] = joinList(readList(check.details['ownWitnesses']));
  }
  if (check.id === 'anchor') values['failedChecks'] = joinList(readList(check.details['failedCheckIds']));
  return values;
}

/**
 * Picks the sentence for `check`: `verify.detail.<id>.ok` when it passed; when it failed, the one
 * named by its code, else `verify.detail.<id>.bad`; `hasKey` tells which keys exist.
 */
export function wordCheck(
  check: PageCheck,
  report: VerificationReport,
  hasKey: (key: string) => boolean,
  joinList: (items: string[]) => string,
  formatTime: (time: string) => string,
): CheckWording {
  const values = gatherValues(check, report, joinList, formatTime);
  const facts = FACTS.flatMap((name) => {
    const value = readText(check.details[name]);
    return value === undefined ? [] : [{ label: `verify.fact.${name}`, value }];
  });
  const base = `verify.detail.${check.id}`;
  const code = readText(check.details['code']);
  const candidates = check.ok
    ? [`${base}.ok`]
    : [...(code === undefined ? [] : [`${base}.${code}`]), `${base}.bad`];
  const key = candidates.find(hasKey) ?? null;
  const known = key !== null && key !== `${base}.bad`;
  return {
    key,
    values,
    facts,
    ...(!check.ok && !known && code !== undefined ? { unknownCode: code } : {}),
  };
}
