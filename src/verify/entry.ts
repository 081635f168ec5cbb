import { parseTaggedDigest, type TaggedDigest } from '../crypto/index.ts';
import { VerifyError } from './errors.ts';
import {
  readInteger,
  readObject,
  readString,
  rejectUnknownKeys,
  type FieldErrorFactory,
} from './json-reader.ts';

// The entry envelope (DESIGN.md "Entry"): RFC 8785 canonical JSON with v, type, digest, unit,
// time, meta and an optional submitter signature. The verifier reads the fields it reports on;
// canonical form is checked by the caller against the exact text that was hashed.

export const ENTRY_VERSION = 1;
export const ENTRY_TYPE_PATTERN =
  /^(?:[a-z][a-z0-9-]{0,31}|x-[a-z0-9][a-z0-9-]{0,62}\/[a-z][a-z0-9-]{0,31})$/;
export const ENTRY_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface EntryEnvelope {
  v: number;
  type: string;
  digest: TaggedDigest;
  digestText: string;
  unit: string;
  time: string;
  meta: Record<string, unknown>;
  sig?: unknown;
}

const fail: FieldErrorFactory = (path, problem) =>
  new VerifyError('BUNDLE_INVALID', `entry: ${path} ${problem}`, { details: { path } });

/** Reads an already-parsed entry object; throws VerifyError('BUNDLE_INVALID') naming the field. */
export function readEntryEnvelope(value: unknown): EntryEnvelope {
  const object = readObject(value, 'entry', fail);
  rejectUnknownKeys(object, ['v', 'type', 'digest', 'unit', 'time', 'meta', 'sig'], 'entry', fail);
  const v = readInteger(object, 'v', 'entry', fail, { min: ENTRY_VERSION, max: ENTRY_VERSION });
  const type = readString(object, 'type', 'entry', fail, { pattern: ENTRY_TYPE_PATTERN });
  const digestText = readString(object, 'digest', 'entry', fail, { maxLength: 80 });
  let digest: TaggedDigest;
  try {
    digest = parseTaggedDigest(digestText);
  } catch (cause) {
    throw new VerifyError('BUNDLE_INVALID', 'entry: entry.digest must be sha256:<hex> or sm3:<hex>', {
      cause,
    });
  }
  const unit = readString(object, 'unit', 'entry', fail, { maxLength: 255 });
  const time = readString(object, 'time', 'entry', fail, { pattern: ENTRY_TIME_PATTERN });
  if (Number.isNaN(Date.parse(time))) throw fail('entry.time', 'is not a real date and time');
  const meta = readObject(object['meta'], 'entry.meta', fail);
  const envelope: EntryEnvelope = { v, type, digest, digestText, unit, time, meta };
  if (object['sig'] !== undefined) envelope.sig = object['sig'];
  return envelope;
}
