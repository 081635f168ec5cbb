import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_PASSWORD_HASH,
  hashPassword,
  needsRehash,
  parsePasswordHash,
  verifyPassword,
} from './password-hash.ts';

describe('hashPassword', () => {
  it('writes scrypt with N = 2^15, r = 8, p = 1 and a 16-byte salt into the hash string', async () => {
    const stored = await hashPassword('correct horse battery staple');
    assert.match(stored, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    const parsed = parsePasswordHash(stored)!;
    assert.equal(parsed.salt.length, 16);
    assert.equal(parsed.key.length, 32);
    assert.ok(2 ** parsed.logN >= 2 ** 15);
    assert.notEqual(await hashPassword('correct horse battery staple'), stored, 'salted');
  });

  it('verifies the password and refuses any other, and a malformed hash', async () => {
    const stored = await hashPassword('pässwörd');
    assert.equal(await verifyPassword('pässwörd', stored), true);
    assert.equal(await verifyPassword('pässwörd'.normalize('NFD'), stored), true, 'NFC before hashing');
    assert.equal(await verifyPassword('passwörd', stored), false);
    assert.equal(await verifyPassword('pässwörd', stored.slice(0, -2)), false);
    assert.equal(
      await verifyPassword('x', '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43)),
      false,
    );
    assert.equal(await verifyPassword('x', 'plain'), false);
  });

  it('verifies a hash made with other parameters, and says it needs replacing when weaker', async () => {
    const weaker = await hashPassword('old', { ...DEFAULT_PASSWORD_HASH, logN: 12 });
    assert.match(weaker, /^\$scrypt\$ln=12,/);
    assert.equal(await verifyPassword('old', weaker), true);
    assert.equal(needsRehash(weaker), true);
    assert.equal(needsRehash(await hashPassword('new')), false);
  });
});
