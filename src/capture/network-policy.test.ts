import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureError } from './errors.ts';
import { checkCaptureUrl, classifyAddress, NetworkPolicy, normalizeAddress } from './network-policy.ts';

const refuses = (fn: () => unknown, code: string, reason?: string) =>
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CaptureError);
    assert.equal(error.code, code);
    if (reason !== undefined) assert.equal(error.details['reason'], reason);
    return true;
  });

describe('classifyAddress', () => {
  it('names loopback, private, link-local, metadata and reserved ranges in both families', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.0.1', 'private'],
      ['100.64.0.1', 'private'],
      ['fd12::1', 'private'],
      ['169.254.1.1', 'link-local'],
      ['fe80::1', 'link-local'],
      ['169.254.169.254', 'metadata'],
      ['100.100.100.200', 'metadata'],
      ['fd00:ec2::254', 'metadata'],
      ['0.0.0.0', 'reserved'],
      ['255.255.255.255', 'reserved'],
      ['224.0.0.1', 'reserved'],
      ['::', 'reserved'],
      ['2001:db8::1', 'reserved'],
      ['64:ff9b::7f00:1', 'loopback'],
      ['64:ff9b:1::1', 'reserved'],
      ['93.184.215.14', 'public'],
      ['172.32.0.1', 'public'],
      ['2606:4700::1111', 'public'],
    ];
    for (const [address, expected] of cases) assert.equal(classifyAddress(address), expected, address);
  });

  it('reads every IPv6 form that carries an IPv4 address as that address (issue 22: [::ffff:0:7f00:1] was public)', () => {
    for (const spelling of [
      '[::ffff:0:7f00:1]',
      '::ffff:0:127.0.0.1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::127.0.0.1',
      '::7f00:1',
      '64:ff9b::7f00:1',
      '64:ff9b::127.0.0.1',
      '0:0:0:0:0:ffff:7f00:0001',
    ]) {
      assert.equal(classifyAddress(spelling), 'loopback', spelling);
      assert.equal(new NetworkPolicy([]).checkAddress(spelling).allowed, false, spelling);
    }
    assert.equal(classifyAddress('::ffff:0:a00:1'), 'private');
    assert.equal(classifyAddress('64:ff9b::a9fe:a9fe'), 'metadata');
    assert.equal(classifyAddress('::1'), 'loopback');
    assert.equal(classifyAddress('::'), 'reserved');
    assert.equal(classifyAddress('2606:4700::1111'), 'public');
    assert.equal(new NetworkPolicy(['127.0.0.1/32']).checkAddress('::ffff:0:7f00:1').allowed, true);
  });

  it('reads IPv4-mapped IPv6 addresses as the IPv4 address they carry', () => {
    assert.deepEqual(normalizeAddress('::ffff:127.0.0.1'), { address: '127.0.0.1', family: 'ipv4' });
    assert.deepEqual(normalizeAddress('[::ffff:a9fe:a9fe]'), { address: '169.254.169.254', family: 'ipv4' });
    assert.equal(classifyAddress('::ffff:10.0.0.1'), 'private');
  });
});

describe('NetworkPolicy', () => {
  it('allows only public addresses by default', () => {
    const policy = new NetworkPolicy([]);
    assert.equal(policy.checkAddress('93.184.215.14').allowed, true);
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', '169.254.169.254', 'fe80::1', '0.0.0.0']) {
      assert.equal(policy.checkAddress(address).allowed, false, address);
    }
  });

  it('allows a class by name and a single address by CIDR, nothing more', () => {
    const policy = new NetworkPolicy(['private', '127.0.0.1/32']);
    assert.equal(policy.checkAddress('10.9.8.7').allowed, true);
    assert.equal(policy.checkAddress('127.0.0.1').allowed, true);
    assert.equal(policy.checkAddress('::ffff:127.0.0.1').allowed, true);
    assert.equal(policy.checkAddress('127.0.0.2').allowed, false);
    assert.equal(policy.checkAddress('::1').allowed, false);
    assert.equal(policy.checkAddress('169.254.169.254').allowed, false);
  });

  it('rejects malformed allowances', () => {
    for (const entry of ['127.0.0.1/33', 'localhost', '10.0.0.0/8/1', 'public', '']) {
      refuses(() => new NetworkPolicy([entry]), 'CAPTURE_OPTIONS_INVALID');
    }
  });
});

describe('checkCaptureUrl', () => {
  const policy = new NetworkPolicy([]);

  it('accepts http and https URLs with host names or public addresses', () => {
    assert.equal(checkCaptureUrl('https://example.com/a?b', policy).href, 'https://example.com/a?b');
    assert.equal(checkCaptureUrl('http://93.184.215.14:8080/', policy).port, '8080');
  });

  it('refuses every other scheme', () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/',
      'data:text/html,hi',
      'javascript:alert(1)',
      'chrome://version',
    ]) {
      refuses(() => checkCaptureUrl(url, policy), 'CAPTURE_URL_REFUSED', 'scheme-refused');
    }
  });

  it('refuses literal loopback, private, link-local and metadata addresses in any spelling', () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::1]:8080/',
      'http://[::ffff:7f00:1]/',
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/',
    ]) {
      refuses(() => checkCaptureUrl(url, policy), 'CAPTURE_URL_REFUSED', 'address-refused');
    }
  });

  it('refuses credentials and rejects what is not a URL', () => {
    refuses(() => checkCaptureUrl('https://user:pw@example.com/', policy), 'CAPTURE_URL_REFUSED');
    refuses(() => checkCaptureUrl('not a url', policy), 'CAPTURE_URL_INVALID');
    refuses(() => checkCaptureUrl(42, policy), 'CAPTURE_URL_INVALID');
  });
});
