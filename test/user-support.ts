// User accounts and logins for tests of the API and the web portal: a user made with the admin
// token (its organisation added first when it is not a consortium member), and a login that
// returns the session cookie and CSRF token to send with later requests.
import { generateTotp } from '../src/accounts/index.ts';
import { decodeBase32 } from '../src/fingerprint/iscc/base32.ts';
import { sendRequest } from './api-node-support.ts';

export interface NewTestUser {
  name: string;
  password: string;
  roles: readonly string[];
  /** A consortium member or any other name (added as an organisation when missing); null for none. */
  organisation: string | null;
  displayName?: string;
}

export interface Login {
  /** `sealchain_session=<id>`: send as the Cookie header. */
  cookie: string;
  csrfToken: string;
  /** The headers of a cookie-authenticated write: Cookie and X-CSRF-Token. */
  headers: Record<string, string>;
}

/** Creates a user through POST /v1/users with the admin token; throws unless it answered 201. */
export async function createUser(baseUrl: string, adminToken: string, user: NewTestUser): Promise<void> {
  if (user.organisation !== null) {
    const known = await sendRequest(baseUrl, '/v1/organisations', { token: adminToken });
    if (!known.json.organisations.some((o: { name: string }) => o.name === user.organisation)) {
      const added = await sendRequest(baseUrl, '/v1/organisations', {
        token: adminToken,
        json: { name: user.organisation },
      });
      if (added.status !== 201)
        throw new Error(`organisation creation answered ${added.status}: ${added.text}`);
    }
  }
  const answer = await sendRequest(baseUrl, '/v1/users', {
    token: adminToken,
    json: {
      name: user.name,
      password: user.password,
      roles: user.roles,
      organisation: user.organisation,
      ...(user.displayName === undefined ? {} : { displayName: user.displayName }),
    },
  });
  if (answer.status !== 201) throw new Error(`user creation answered ${answer.status}: ${answer.text}`);
}

/** Reads the session cookie's `name=value` from a login answer's Set-Cookie. */
export function readSessionCookie(headers: Headers): string | undefined {
  for (const line of headers.getSetCookie()) {
    const match = /^(sealchain_session=[^;]+)/.exec(line);
    if (match !== null) return match[1];
  }
  return undefined;
}

/** Logs in through POST /v1/session; throws unless it answered 200 with a cookie. */
export async function loginAs(
  baseUrl: string,
  name: string,
  password: string,
  totp?: string,
): Promise<Login> {
  const answer = await sendRequest(baseUrl, '/v1/session', {
    json: { name, password, ...(totp === undefined ? {} : { totp }) },
  });
  const cookie = readSessionCookie(answer.headers);
  if (answer.status !== 200 || cookie === undefined) {
    throw new Error(`login as ${name} answered ${answer.status}: ${answer.text}`);
  }
  const csrfToken: string = answer.json.csrfToken;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** The secret of an otpauth:// URI (RFC 4648 base32), as an authenticator app reads it. */
export function readTotpSecret(otpauthUri: string): Uint8Array {
  return decodeBase32(new URL(otpauthUri).searchParams.get('secret') ?? '');
}

/**
 * Switches on the second factor of the logged-in user through POST /v1/session/totp, confirmed
 * with the code of `atMs`; returns the secret. Throws unless both steps answered 200.
 */
export async function enrolTotp(baseUrl: string, login: Login, atMs = Date.now()): Promise<Uint8Array> {
  const started = await sendRequest(baseUrl, '/v1/session/totp', { headers: login.headers, json: {} });
  if (started.status !== 200) throw new Error(`TOTP enrolment answered ${started.status}: ${started.text}`);
  const secret = readTotpSecret(started.json.otpauthUri);
  const confirmed = await sendRequest(baseUrl, '/v1/session/totp', {
    headers: login.headers,
    json: { code: generateTotp(secret, atMs) },
  });
  if (confirmed.status !== 200)
    throw new Error(`TOTP confirmation answered ${confirmed.status}: ${confirmed.text}`);
  return secret;
}
