import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bytesToBase64,
  createSignerKey,
  formatVerifierKey,
  signEd25519,
  toVerifierKey,
} from '../crypto/index.ts';
import { isSealchainError } from '../errors/index.ts';
import { signBoundEntry } from '../note/index.ts';
import {
  buildEntry,
  buildEntryTemplate,
  checkEntryFields,
  checkEntryFieldsWithMeta,
  formatEntrySignedMessage,
  matchesEntryFields,
  parseEntry,
  readEntryTypeAndUnit,
  stampEntryTime,
  type EntryFields,
} from './entry.ts';
import { DEFAULT_LEDGER_OPTIONS } from './options.ts';

const LIMITS = DEFAULT_LEDGER_OPTIONS;
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const TIME = '2026-11-21T10:00:00.123Z';

function invalidField(field: string) {
  return (error: unknown) =>
    isSealchainError(error) && error.code === 'ENTRY_INVALID' && error.details.field === field;
}

function signedFields(meta: Record<string, unknown>): EntryFields {
  const key = createSignerKey('submitter.example');
  const signature = signEd25519(key.seed, formatEntrySignedMessage(DIGEST, meta));
  return {
    type: 'evidence',
    digest: DIGEST,
    unit: 'court-1',
    meta,
    sig: { key: formatVerifierKey(toVerifierKey(key)), signature: bytesToBase64(signature) },
  };
}

describe('buildEntry', () => {
  it('produces RFC 8785 canonical bytes with v, time and sorted members', () => {
    const fields = checkEntryFields(
      { unit: 'court-1', type: 'evidence', digest: DIGEST, meta: { z: 1, a: 'x' } },
      LIMITS,
    );
    const { bytes } = buildEntry(fields, TIME, LIMITS);
    assert.equal(
      new TextDecoder().decode(bytes),
      `{"digest":"${DIGEST}","meta":{"a":"x","z":1},"time":"${TIME}","type":"evidence","unit":"court-1","v":1}`,
    );
    assert.deepEqual(parseEntry(bytes, LIMITS), { v: 1, ...fields, time: TIME });
  });

  it('keeps a custom type of an organisation, x-<organisation>/<name>', () => {
    const fields = checkEntryFields(
      { unit: 'uploader', type: 'x-video-platform/clip', digest: DIGEST, meta: {} },
      LIMITS,
    );
    assert.equal(parseEntry(buildEntry(fields, TIME, LIMITS).bytes, LIMITS).type, 'x-video-platform/clip');
  });

  it('refuses an entry larger than maxEntryBytes and names the entry', () => {
    const fields = checkEntryFields(
      { type: 'work', digest: DIGEST, unit: 'u', meta: { text: 'x'.repeat(900) } },
      LIMITS,
    );
    assert.throws(() => buildEntry(fields, TIME, { ...LIMITS, maxEntryBytes: 1000 }), invalidField('entry'));
  });
});

describe('checkEntryFields', () => {
  const valid = { type: 'evidence', digest: DIGEST, unit: 'court-1', meta: {} };
  const cases: [string, Record<string, unknown>, string][] = [
    ['an upper-case type', { ...valid, type: 'Evidence' }, 'type'],
    ['a type of 33 characters', { ...valid, type: `a${'b'.repeat(32)}` }, 'type'],
    ['a custom type without a name', { ...valid, type: 'x-video-platform/' }, 'type'],
    ['a custom type of an upper-case organisation', { ...valid, type: 'x-Video/clip' }, 'type'],
    ['a custom type with two slashes', { ...valid, type: 'x-a/b/c' }, 'type'],
    ['a digest with upper-case hex', { ...valid, digest: `sha256:${'AB'.repeat(32)}` }, 'digest'],
    ['a digest of another algorithm', { ...valid, digest: `md5:${'ab'.repeat(16)}` }, 'digest'],
    ['a digest of 31 bytes', { ...valid, digest: `sm3:${'ab'.repeat(31)}` }, 'digest'],
    ['an empty unit', { ...valid, unit: '' }, 'unit'],
    ['a unit with a space', { ...valid, unit: 'court 1' }, 'unit'],
    ['meta that is an array', { ...valid, meta: [1] }, 'meta'],
    ['meta with a non-finite number', { ...valid, meta: { n: Number.NaN } }, 'meta'],
    ['meta larger than maxMetaBytes', { ...valid, meta: { s: 'x'.repeat(LIMITS.maxMetaBytes) } }, 'meta'],
    [
      'meta nested too deep',
      { ...valid, meta: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } },
      'meta',
    ],
    ['an unknown field', { ...valid, extra: true }, 'extra'],
    ['a caller-chosen time', { ...valid, time: TIME }, 'time'],
    ['a sig that is a string', { ...valid, sig: 'abc' }, 'sig'],
  ];
  for (const [name, value, field] of cases) {
    it(`rejects ${name}, naming "${field}"`, () => {
      assert.throws(() => checkEntryFields(value, LIMITS), invalidField(field));
    });
  }

  it('accepts an sm3 digest and absent meta', () => {
    const fields = checkEntryFields(
      { type: 'work', digest: `sm3:${'0f'.repeat(32)}`, unit: 'copyright.center' },
      LIMITS,
    );
    assert.deepEqual(fields.meta, {});
  });

  it('accepts a submitter signature over digest and meta', () => {
    const fields = signedFields({ case: 'A-1' });
    assert.deepEqual(checkEntryFields(fields, LIMITS).sig, fields.sig);
  });

  it('rejects a submitter signature made over other meta', () => {
    const fields = { ...signedFields({ case: 'A-1' }), meta: { case: 'A-2' } };
    assert.throws(() => checkEntryFields(fields, LIMITS), invalidField('sig.signature'));
  });

  it('rejects a submitter key that is not a verifier key', () => {
    const fields = signedFields({});
    assert.throws(
      () => checkEntryFields({ ...fields, sig: { ...fields.sig, key: 'not+a+key' } }, LIMITS),
      invalidField('sig.key'),
    );
  });
});

describe('chain-bound (form 2) entry signatures', () => {
  const ORIGIN = 'copyright.sealchain.local/works';
  const key = createSignerKey('copyright.sealchain.local/registrar');
  const fields: EntryFields = { type: 'work', digest: DIGEST, unit: 'unit-a', meta: { number: 'W-1' } };
  const sig = signBoundEntry({ ...fields, meta: fields.meta!, origin: ORIGIN }, key);

  it('accepts a signature over type, unit, digest, meta and the chain origin, and keeps its form', () => {
    const checked = checkEntryFields({ ...fields, sig }, LIMITS, ORIGIN);
    assert.equal(checked.sig?.v, 2);
    const { bytes } = buildEntry(checked, TIME, LIMITS);
    assert.deepEqual(parseEntry(bytes, LIMITS, ORIGIN), { v: 1, ...checked, time: TIME });
  });

  it('refuses it on another chain, another type or another unit', () => {
    assert.throws(
      () => checkEntryFields({ ...fields, sig }, LIMITS, 'court.sealchain.local/evidence'),
      invalidField('sig.signature'),
    );
    assert.throws(
      () => checkEntryFields({ ...fields, type: 'license', sig }, LIMITS, ORIGIN),
      invalidField('sig.signature'),
    );
    assert.throws(
      () => checkEntryFields({ ...fields, unit: 'unit-b', sig }, LIMITS, ORIGIN),
      invalidField('sig.signature'),
    );
  });

  it("refuses to check it without the chain's origin, and an unknown form", () => {
    assert.throws(() => checkEntryFields({ ...fields, sig }, LIMITS), invalidField('sig.v'));
    assert.throws(
      () => checkEntryFields({ ...fields, sig: { ...sig, v: 3 } }, LIMITS, ORIGIN),
      invalidField('sig.v'),
    );
  });

  it('still accepts a form-1 submitter signature when the origin is given', () => {
    const submitted = signedFields({ case: 'A-1' });
    assert.deepEqual(checkEntryFields(submitted, LIMITS, ORIGIN).sig, submitted.sig);
  });
});

describe('parseEntry', () => {
  it('rejects stored bytes that are not canonical', () => {
    const text = `{"v":1,"type":"evidence","digest":"${DIGEST}","unit":"u","time":"${TIME}","meta":{}}`;
    assert.throws(() => parseEntry(new TextEncoder().encode(text), LIMITS), invalidField('entry'));
  });

  it('rejects another version', () => {
    const text = `{"digest":"${DIGEST}","meta":{},"time":"${TIME}","type":"evidence","unit":"u","v":2}`;
    assert.throws(() => parseEntry(new TextEncoder().encode(text), LIMITS), invalidField('v'));
  });

  it('rejects a time that is not a real instant', () => {
    const text = `{"digest":"${DIGEST}","meta":{},"time":"2026-02-30T10:00:00.000Z","type":"evidence","unit":"u","v":1}`;
    assert.throws(() => parseEntry(new TextEncoder().encode(text), LIMITS), invalidField('time'));
  });
});

describe('matchesEntryFields', () => {
  it('ignores member order in meta but not a changed value', () => {
    const a = { type: 'evidence', digest: DIGEST, unit: 'u', meta: { x: 1, y: [1, 2] } };
    assert.equal(matchesEntryFields(a, { ...a, meta: { y: [1, 2], x: 1 } }), true);
    assert.equal(matchesEntryFields(a, { ...a, meta: { x: 1, y: [2, 1] } }), false);
    assert.equal(matchesEntryFields(a, { ...a, type: 'work' }), false);
  });
});

describe('buildEntryTemplate and stampEntryTime', () => {
  const cases: [string, EntryFields][] = [
    ['no meta', { type: 'evidence', digest: DIGEST, unit: 'court-1' }],
    ['a signature', signedFields({ case: '(2026)京0491民初1号' })],
    [
      'a meta object that itself holds the placeholder time',
      {
        type: 'work',
        digest: `sm3:${'0f'.repeat(32)}`,
        unit: 'a.b:c@d-e_f',
        meta: { time: '2000-01-01T00:00:00.000Z', z: ['"time":"', '\u0000', '😀'] },
      },
    ],
  ];
  cases.push([
    'a meta whose canonical form reorders, escapes and renumbers',
    {
      type: 'evidence',
      digest: DIGEST,
      unit: 'court-1',
      meta: {
        '\uffff': 1e21,
        '😀': 0.5e-7,
        b: { y: [0.1, 'tab\there', '\u001f\u007f'], x: null },
        a: { quote: '"\\/', ok: true, deep: { deeper: { deepest: 'é' } } },
      },
    },
  ]);
  for (const [name, fields] of cases) {
    it(`gives the bytes buildEntry gives, for an entry with ${name}`, () => {
      const checked = checkEntryFieldsWithMeta(fields, LIMITS);
      for (const template of [
        buildEntryTemplate(fields, LIMITS),
        buildEntryTemplate(checked.fields, LIMITS, checked.metaJson),
      ]) {
        for (const time of [TIME, '1999-12-31T23:59:59.999Z', '2000-01-01T00:00:00.000Z']) {
          assert.deepEqual(stampEntryTime(template, time), buildEntry(fields, time, LIMITS).bytes);
        }
        assert.notEqual(stampEntryTime(template, TIME), template.bytes);
      }
      const bytes = buildEntry(fields, TIME, LIMITS).bytes;
      assert.deepEqual(parseEntry(bytes, LIMITS), { v: 1, ...fields, meta: fields.meta ?? {}, time: TIME });
    });
  }

  it('checks the size limit as buildEntry does, and refuses a malformed time', () => {
    const fields: EntryFields = {
      type: 'evidence',
      digest: DIGEST,
      unit: 'court-1',
      meta: { pad: 'x'.repeat(300) },
    };
    assert.throws(() => buildEntryTemplate(fields, { ...LIMITS, maxEntryBytes: 300 }), invalidField('entry'));
    assert.throws(
      () => stampEntryTime(buildEntryTemplate(fields, LIMITS), '2026-11-21T10:00:00Z'),
      invalidField('time'),
    );
  });
});

describe('readEntryTypeAndUnit', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('reads the type, unit and time of every entry buildEntry makes, whatever its meta and sig', () => {
    const cases: EntryFields[] = [
      { type: 'evidence', digest: DIGEST, unit: 'court-1', meta: {} },
      {
        type: 'work',
        digest: DIGEST,
        unit: 'a'.repeat(255),
        meta: { title: '作品 "q" \\', n: [1, { z: 'unit' }] },
      },
      {
        type: 'a'.repeat(32),
        digest: DIGEST,
        unit: 'x@y.z:1_2-3',
        meta: { time: TIME, type: 'fake', unit: 'fake' },
      },
      signedFields({ note: '","type":"anchor","unit":"evil","v":1}' }),
    ];
    for (const fields of cases) {
      const { bytes } = buildEntry(fields, TIME, LIMITS);
      assert.deepEqual(readEntryTypeAndUnit(bytes), { type: fields.type, unit: fields.unit, time: TIME });
    }
  });

  it('answers null for bytes that do not end as a canonical entry', () => {
    const { bytes } = buildEntry({ type: 'evidence', digest: DIGEST, unit: 'u', meta: {} }, TIME, LIMITS);
    const text = new TextDecoder().decode(bytes);
    for (const bad of [
      '',
      '{}',
      text.slice(0, -1),
      `${text} `,
      text.replace('"v":1', '"v":2'),
      text.replace('"type":"evidence"', '"type":"Evidence"'),
      text.replace(TIME, '2026-11-21T10:00:00Z'),
      text.replace('"unit":"u"', '"unit":"u\\"x"'),
      text.replace(',"time"', ',"tim"'),
      text.replace('"unit":"u"', `"unit":"${'u'.repeat(256)}"`),
      text.replace('"unit":"u"', '"unit":"_u"'),
      text.replace('"type":"evidence"', `"type":"${'e'.repeat(33)}"`),
      text.replace('"type":"evidence"', '"type":"1evidence"'),
      text.slice(text.indexOf('"time"')),
    ]) {
      assert.equal(readEntryTypeAndUnit(utf8(bad)), null, bad);
    }
  });
});
