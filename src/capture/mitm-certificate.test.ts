import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { MitmIdentity } from './mitm-certificate.ts';

describe('MitmIdentity', () => {
  const identity = new MitmIdentity();

  it('makes a certificate for a host name that OpenSSL parses and that verifies under its key', () => {
    const certificate = new X509Certificate(identity.certificateFor('shop.example.com'));
    assert.equal(certificate.subject, 'CN=shop.example.com');
    assert.equal(certificate.checkHost('shop.example.com'), 'shop.example.com');
    assert.equal(certificate.checkHost('other.example.com'), undefined);
    assert.ok(certificate.verify(identity.publicKey));
    assert.ok(new Date(certificate.validTo).getTime() > Date.now());
    assert.ok(new Date(certificate.validFrom).getTime() < Date.now());
  });

  it('names IP hosts in an iPAddress subject alternative name', () => {
    assert.equal(new X509Certificate(identity.certificateFor('127.0.0.1')).checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(new X509Certificate(identity.certificateFor('[::1]')).checkIP('::1'), '::1');
  });

  it('pins the SPKI that the certificates carry', () => {
    const certificate = new X509Certificate(identity.certificateFor('a.test'));
    const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
    assert.equal(identity.spkiSha256, createHash('sha256').update(spki).digest('base64'));
  });
});
