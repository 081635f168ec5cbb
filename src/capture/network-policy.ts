import { BlockList, isIP } from 'node:net';
import { CaptureError } from './errors.ts';

// Which addresses the capture browser may reach. Every request (the target, redirects,
// sub-resources) is checked against the addresses its host resolves to, at the recorder, before
// any connection is made. Special-purpose ranges: RFC 6890 and the IANA IPv4/IPv6 special-purpose
// address registries; cloud metadata endpoints are their own class.

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

/** The classes a caller may allow by name; `reserved` ranges only by an explicit CIDR block. */
export const ALLOWABLE_CLASSES: readonly AddressClass[] = ['loopback', 'private', 'link-local', 'metadata'];

type Family = 'ipv4' | 'ipv6';

function buildList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefix] = range.split('/') as [string, string];
    list.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

const CLASS_LISTS: readonly (readonly [AddressClass, BlockList])[] = [
  [
    'metadata',
    buildList(['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', 'fd00:ec2::254/128']),
  ],
  ['loopback', buildList(['127.0.0.0/8', '::1/128'])],
  ['private', buildList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'])],
  ['link-local', buildList(['169.254.0.0/16', 'fe80::/10'])],
  [
    'reserved',
    buildList([
      '0.0.0.0/8',
      '192.0.0.0/24',
      '192.0.2.0/24',
      '192.88.99.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '224.0.0.0/4',
      '240.0.0.0/4',
      '::/96',
      '100::/64',
      '2001::/23',
      '2001:db8::/32',
      '2002::/16',
      '64:ff9b::/96',
      '64:ff9b:1::/48',
      'ff00::/8',
    ]),
  ],
];

/** The eight 16-bit groups of a valid IPv6 address (RFC 4291 section 2.2 text forms). */
function readIpv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const high = parse(head);
  const low = tail === undefined ? [] : parse(tail);
  return [...high, ...Array<number>(8 - high.length - low.length).fill(0), ...low];
}

const IPV4_EMBEDDINGS: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 0xffff], // ::ffff:a.b.c.d, IPv4-mapped (RFC 4291 section 2.5.5.2)
  [0, 0, 0, 0, 0xffff, 0], // ::ffff:0:a.b.c.d, IPv4-translated (RFC 2765 section 2.1)
  [0, 0, 0, 0, 0, 0], // ::a.b.c.d, IPv4-compatible (RFC 4291 section 2.5.5.1, deprecated)
  [0x64, 0xff9b, 0, 0, 0, 0], // 64:ff9b::a.b.c.d, the NAT64 well-known prefix (RFC 6052 section 2.1)
];

/**
 * An IP address in the form it is checked in: an IPv6 address that carries an IPv4 address in
 * its last 32 bits (mapped, translated, compatible, NAT64) becomes that IPv4 address, so that
 * `[::ffff:0:7f00:1]` or `[64:ff9b::7f00:1]` is loopback like 127.0.0.1. `::` and `::1` stay IPv6.
 */
export function normalizeAddress(address: string): { address: string; family: Family } {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const version = isIP(bare);
  if (version === 0) {
    throw new CaptureError('CAPTURE_URL_INVALID', `${JSON.stringify(address)} is not an IP address`);
  }
  if (version === 4) return { address: bare, family: 'ipv4' };
  const groups = readIpv6Groups(bare);
  const isLoopbackOrUnspecified = groups.slice(0, 7).every((group) => group === 0) && groups[7]! <= 1;
  const embeds = IPV4_EMBEDDINGS.some((prefix) => prefix.every((group, i) => groups[i] === group));
  if (embeds && !isLoopbackOrUnspecified) {
    const [high, low] = [groups[6]!, groups[7]!];
    return { address: `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, family: 'ipv4' };
  }
  return { address: bare.toLowerCase(), family: 'ipv6' };
}

/** The special-purpose class of an IP address, or `public`. */
export function classifyAddress(address: string): AddressClass {
  const normalized = normalizeAddress(address);
  for (const [addressClass, list] of CLASS_LISTS) {
    if (list.check(normalized.address, normalized.family)) return addressClass;
  }
  return 'public';
}

/** A validated entry of `allowedNetworks`: a class name or a CIDR block (a bare address is a /32 or /128). */
export function parseNetworkAllowance(
  entry: unknown,
):
  | { kind: 'class'; addressClass: AddressClass }
  | { kind: 'cidr'; address: string; prefix: number; family: Family } {
  if (typeof entry !== 'string') {
    throw new CaptureError('CAPTURE_OPTIONS_INVALID', 'allowedNetworks holds strings', {
      details: { key: 'allowedNetworks', value: entry },
    });
  }
  if ((ALLOWABLE_CLASSES as readonly string[]).includes(entry)) {
    return { kind: 'class', addressClass: entry as AddressClass };
  }
  const [address = '', prefixText, ...rest] = entry.split('/');
  const version = isIP(address);
  const maxPrefix = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (version === 0 || rest.length > 0 || !/^\d{1,3}$/.test(String(prefix)) || prefix > maxPrefix) {
    throw new CaptureError(
      'CAPTURE_OPTIONS_INVALID',
      `allowedNetworks entry ${JSON.stringify(entry)} is neither a CIDR block nor one of ${ALLOWABLE_CLASSES.join(', ')}`,
      { details: { key: 'allowedNetworks', value: entry } },
    );
  }
  return { kind: 'cidr', address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export interface AddressVerdict {
  allowed: boolean;
  address: string;
  addressClass: AddressClass;
}

/** Decides, for each address a host resolves to, whether the capture may connect to it. */
export class NetworkPolicy {
  readonly allowedNetworks: readonly string[];
  readonly #classes: Set<AddressClass>;
  readonly #blocks = new BlockList();

  constructor(allowedNetworks: readonly string[]) {
    this.allowedNetworks = [...allowedNetworks];
    this.#classes = new Set(['public']);
    for (const entry of allowedNetworks) {
      const parsed = parseNetworkAllowance(entry);
      if (parsed.kind === 'class') this.#classes.add(parsed.addressClass);
      else this.#blocks.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
  }

  checkAddress(address: string): AddressVerdict {
    const normalized = normalizeAddress(address);
    const addressClass = classifyAddress(normalized.address);
    const allowed =
      this.#classes.has(addressClass) || this.#blocks.check(normalized.address, normalized.family);
    return { allowed, address: normalized.address, addressClass };
  }
}

const HTTP_SCHEMES = new Set(['http:', 'https:']);

/**
 * Parses a capture target: an absolute http(s) URL without credentials whose host, when it is an
 * IP literal, the policy allows. Host names are checked later against what they resolve to.
 */
export function checkCaptureUrl(text: unknown, policy: NetworkPolicy): URL {
  if (typeof text !== 'string' || text.length === 0 || text.length > 8_192) {
    throw new CaptureError('CAPTURE_URL_INVALID', 'the URL must be a string of 1 to 8192 characters');
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new CaptureError('CAPTURE_URL_INVALID', `${JSON.stringify(text.slice(0, 200))} is not a URL`, {
      cause,
    });
  }
  if (!HTTP_SCHEMES.has(url.protocol)) {
    throw new CaptureError(
      'CAPTURE_URL_REFUSED',
      `only http and https URLs are captured, not ${url.protocol}`,
      {
        details: { reason: 'scheme-refused', scheme: url.protocol.slice(0, -1) },
      },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new CaptureError('CAPTURE_URL_REFUSED', 'a URL with a user name or password is not captured', {
      details: { reason: 'credentials-refused' },
    });
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) !== 0) {
    const verdict = policy.checkAddress(host);
    if (!verdict.allowed) {
      throw new CaptureError(
        'CAPTURE_URL_REFUSED',
        `${verdict.address} is a ${verdict.addressClass} address, which this capture may not reach`,
        {
          details: {
            reason: 'address-refused',
            address: verdict.address,
            addressClass: verdict.addressClass,
          },
        },
      );
    }
  }
  return url;
}
