import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { decodeIscc } from './codec.ts';
import { decomposeIscc } from './decompose.ts';

const SEEDS = [
  'ISCC:AAAZXZ6OU74YAZIM',
  'ISCC:AADZXZ6OU4E45RB57GAGKDGHZXV752RFK424V76TRVZ2TKS2K6X5VVA',
  'ISCC:EAASKDNZNYGUUF5A',
  'ISCC:EED4GQZQTY6J5DTHQ2DWCPDZHQOM6QZQTY6J5DTFZ2DWCPDZHQOMXDI',
  'ISCC:GABXOD4P2IS6YHS2XOK6IBVPVXPPG',
  'ISCC:IAA26E2JXH27TING',
  'ISCC:KACYPXW445FTYNJ3CYSXHAFJMA2HUWULUNRFE3BLHRSCXYH2M5AEGQY',
  'ISCC:KUAFVC5DMJJGYKZ4MQV6B6THIBBUG',
  'ISCC:K4AFVC5DMJJGYKZ4ZBYVNYABFFYXGZBL4D5GOQCDIP2ACG75YERBLNY',
];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcdefghijklmnopqrstuvwxyz01890:-= é\u0000\uffff\ud800';
const FUZZ_COUNT = 100_000;

function createRandom(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % limit;
  };
}

function mutate(random: (limit: number) => number): string {
  const kind = random(6);
  if (kind === 0) {
    const length = random(70);
    let out = random(2) === 0 ? 'ISCC:' : '';
    for (let i = 0; i < length; i++) out += ALPHABET[random(ALPHABET.length)];
    return out;
  }
  let code = SEEDS[random(SEEDS.length)]!;
  const edits = 1 + random(3);
  for (let e = 0; e < edits; e++) {
    const at = random(code.length + 1);
    const char = ALPHABET[random(ALPHABET.length)]!;
    if (kind === 1) code = code.slice(0, at) + char + code.slice(at + 1);
    else if (kind === 2) code = code.slice(0, at) + char + code.slice(at);
    else if (kind === 3) code = code.slice(0, at) + code.slice(at + 1);
    else if (kind === 4) code = code.slice(0, at);
    else code = code + SEEDS[random(SEEDS.length)]!.slice(5, 5 + random(30));
  }
  return code;
}

describe('decodeIscc under hostile input', () => {
  it(`lets only FingerprintError escape for ${FUZZ_COUNT.toLocaleString('en')} seeded random and mutated strings`, () => {
    const random = createRandom(0x1557c0de);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < FUZZ_COUNT; i++) {
      const input = mutate(random);
      try {
        const decoded = decodeIscc(input);
        accepted++;
        assert.equal(
          decodeIscc(decoded.iscc).iscc,
          decoded.iscc,
          `canonical form of ${JSON.stringify(input)}`,
        );
        assert.equal(decoded.digest.length * 8, decoded.bits);
      } catch (error) {
        if (!(error instanceof FingerprintError)) {
          assert.fail(`input ${JSON.stringify(input)} threw ${String(error)}`);
        }
        assert.equal(error.code, 'ISCC_INVALID');
        rejected++;
      }
      if (i % 10 === 0) {
        try {
          decomposeIscc(input);
        } catch (error) {
          if (!(error instanceof FingerprintError))
            assert.fail(`decompose ${JSON.stringify(input)}: ${String(error)}`);
        }
      }
    }
    assert.ok(accepted > 1000, `expected some mutations to stay valid, got ${accepted}`);
    assert.ok(rejected > 50_000, `expected most mutations to be rejected, got ${rejected}`);
  });
});
