import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOrganisationName, checkPrincipalName, nameSkeleton } from './principal-name.ts';
import { ROLES } from './roles.ts';

const MEMBERS = ['court', 'copyright-center', 'notary'];

function refusedCode(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('checkPrincipalName', () => {
  it('accepts an ordinary name and returns its skeleton', () => {
    assert.deepEqual(checkPrincipalName('Video-Platform_2', MEMBERS), {
      name: 'Video-Platform_2',
      nameKey: 'vldeo-platform-2',
    });
  });

  it('refuses every role name, in any case', () => {
    for (const role of ROLES) {
      assert.equal(
        refusedCode(() => checkPrincipalName(role, [])),
        'NAME_RESERVED',
        role,
      );
      assert.equal(
        refusedCode(() => checkPrincipalName(role.toUpperCase(), [])),
        'NAME_RESERVED',
        role,
      );
    }
  });

  it('refuses a member name and its look-alikes: case, digits, full-width, Cyrillic and Greek letters', () => {
    for (const name of [
      'court',
      'Court',
      'COURT',
      'c0urt',
      'C0URT',
      'ｃｏｕｒｔ',
      'сourt', // Cyrillic с
      'cоurt', // Cyrillic о
      'соurt',
      'cουrt', // Greek ο, υ
      'notary',
      'n0tary',
      'copyright_center',
      'copyright.center',
      'copyr1ght-center',
      'judg\u0435', // Cyrillic е
      'c1erk',
      'c\u0301ourt', // combining accent
    ]) {
      const code = refusedCode(() => checkPrincipalName(name, MEMBERS));
      assert.equal(code, 'NAME_RESERVED', name);
    }
  });

  it('says which name it looks like', () => {
    assert.throws(
      () => checkPrincipalName('Сourt', MEMBERS),
      (error: { code: string; details: { lookAlike: string } }) =>
        error.code === 'NAME_RESERVED' && error.details.lookAlike === 'court',
    );
  });

  it('refuses non-ASCII and malformed names that look like nothing reserved', () => {
    for (const name of ['ünï', 'ｐｌａｔｆｏｒｍ-a', ' spaced', 'a b', '-dash', '', 'x'.repeat(256)]) {
      assert.equal(
        refusedCode(() => checkPrincipalName(name, MEMBERS)),
        'NAME_INVALID',
        name,
      );
    }
    assert.equal(
      refusedCode(() => checkPrincipalName(42, MEMBERS)),
      'NAME_INVALID',
    );
  });

  it('gives look-alike names one skeleton, so storage keeps only the first', () => {
    const skeletons = new Set(
      ['platform-a', 'Platform-A', 'p1atform-a', 'platform_a', 'рlatform-а'].map(nameSkeleton),
    );
    assert.equal(skeletons.size, 1);
    assert.notEqual(nameSkeleton('platform-a'), nameSkeleton('platform-b'));
    assert.equal(nameSkeleton('rnodern'), nameSkeleton('modem'));
  });
});

describe('checkOrganisationName', () => {
  it('accepts lower-case names usable in x-<org>/ types and refuses look-alikes of roles and members', () => {
    assert.equal(checkOrganisationName('video-platform', MEMBERS).name, 'video-platform');
    assert.equal(
      refusedCode(() => checkOrganisationName('C0urt', MEMBERS)),
      'NAME_RESERVED',
    );
    assert.equal(
      refusedCode(() => checkOrganisationName('registrar', MEMBERS)),
      'NAME_RESERVED',
    );
    assert.equal(
      refusedCode(() => checkOrganisationName('Video', MEMBERS)),
      'NAME_INVALID',
    );
    assert.equal(
      refusedCode(() => checkOrganisationName('a/b', MEMBERS)),
      'NAME_INVALID',
    );
  });
});
