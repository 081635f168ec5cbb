import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { hexToBytes } from '../../crypto/index.ts';
import {
  generateAudioCode,
  generateDataCode,
  generateImageCode,
  generateInstanceCode,
  generateIsccCode,
  generateMetaCode,
  generateMixedCode,
  generateTextCode,
  generateVideoCode,
} from './index.ts';

interface Vector {
  inputs: unknown[];
  outputs: Record<string, unknown>;
}
type Section = Record<string, Vector>;

const data = JSON.parse(
  readFileSync(new URL('./testdata/iscc-conformance.json', import.meta.url), 'utf8'),
) as Record<string, Section | Record<string, string>>;

function readStream(input: unknown): Uint8Array {
  assert.ok(typeof input === 'string' && input.startsWith('stream:'), 'a stream input is "stream:<hex>"');
  return hexToBytes(input.slice('stream:'.length));
}

type Runner = (inputs: unknown[]) => unknown;

const RUNNERS: Record<string, Runner> = {
  gen_meta_code_v0: ([name, description, meta, bits]) =>
    generateMetaCode({
      name: name as string,
      description: description as string,
      ...(meta === null ? {} : { meta: meta as string | Record<string, unknown> }),
      bits: bits as number,
    }),
  gen_text_code_v0: ([text, bits]) => generateTextCode(text as string, bits as number),
  gen_image_code_v0: ([pixels, bits]) => generateImageCode(pixels as number[], bits as number),
  gen_audio_code_v0: ([chromaprint, bits]) => generateAudioCode(chromaprint as number[], bits as number),
  gen_video_code_v0: ([frames, bits]) => generateVideoCode(frames as number[][], bits as number),
  gen_mixed_code_v0: ([codes, bits]) => generateMixedCode(codes as string[], bits as number),
  gen_data_code_v0: ([stream, bits]) => generateDataCode(readStream(stream), bits as number),
  gen_instance_code_v0: ([stream, bits]) => generateInstanceCode(readStream(stream), bits as number),
  gen_iscc_code_v0: ([codes]) => generateIsccCode(codes as string[]),
};

const sections = Object.keys(data).filter((key) => !key.startsWith('_'));

describe('ISCC conformance (iscc-core 1.3.0 data.json)', () => {
  it('has a runner for every section and nothing but vectors in them', () => {
    assert.deepEqual([...sections].sort(), Object.keys(RUNNERS).sort());
    const total = sections.reduce((sum, key) => sum + Object.keys(data[key] as Section).length, 0);
    assert.equal(total, 50);
  });

  for (const sectionName of sections) {
    describe(sectionName, () => {
      for (const [vectorName, vector] of Object.entries(data[sectionName] as Section)) {
        it(`${vectorName} gives every output of the reference`, async () => {
          const result = (await RUNNERS[sectionName]!(vector.inputs)) as Record<string, unknown>;
          assert.deepEqual(result, vector.outputs);
        });
      }
    });
  }
});
