import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authoriseEntryWrite, SERVICE_ENTRY_TYPES } from './entry-types.ts';

function refusedCode(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

const UNIT = { kind: 'raw', organisation: 'video-platform' } as const;

describe('authoriseEntryWrite', () => {
  it('lets a principal write evidence and its own organisation’s custom types', () => {
    authoriseEntryWrite('evidence', UNIT, 'evidence');
    authoriseEntryWrite('x-video-platform/screenshot', UNIT, 'evidence');
    authoriseEntryWrite('evidence', { kind: 'raw', organisation: null }, 'works');
  });

  it('refuses every service type and every other name through the raw API', () => {
    const types = [
      ...Object.keys(SERVICE_ENTRY_TYPES),
      'checkpoint',
      'admin',
      'Evidence',
      'evidence ',
      'x-',
      'x-video-platform',
      'x-video-platform/',
      'x-video-platform/Screenshot',
      '',
    ];
    for (const type of types)
      assert.equal(
        refusedCode(() => authoriseEntryWrite(type, UNIT, 'evidence')),
        'ENTRY_TYPE_RESERVED',
        type,
      );
  });

  it('refuses a custom type of another organisation, and any custom type to a principal of none', () => {
    assert.equal(
      refusedCode(() => authoriseEntryWrite('x-court/ruling', UNIT, 'evidence')),
      'ENTRY_TYPE_FOREIGN',
    );
    assert.equal(
      refusedCode(() =>
        authoriseEntryWrite('x-video-platform/a', { kind: 'raw', organisation: null }, 'evidence'),
      ),
      'ENTRY_TYPE_FOREIGN',
    );
  });

  it('lets a service write only its own types, on the chains that own them', () => {
    authoriseEntryWrite('work', { kind: 'service', service: 'registry' }, 'works');
    authoriseEntryWrite('verification', { kind: 'service', service: 'verification' }, 'evidence');
    assert.equal(
      refusedCode(() => authoriseEntryWrite('work', { kind: 'service', service: 'registry' }, 'evidence')),
      'ENTRY_TYPE_WRONG_CHAIN',
    );
    assert.equal(
      refusedCode(() => authoriseEntryWrite('work', { kind: 'service', service: 'verification' }, 'works')),
      'ENTRY_TYPE_RESERVED',
    );
    assert.equal(
      refusedCode(() => authoriseEntryWrite('evidence', { kind: 'service', service: 'registry' }, 'works')),
      'ENTRY_TYPE_RESERVED',
    );
  });
});
