import { accessSync, constants, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CaptureError } from './errors.ts';

// Who the capture browser runs as. A page is hostile input and Chromium's sandbox refuses to run as
// root, so a root service starts it through run-chromium-as.sh as an unprivileged user (the
// `sealchain-capture` user when the operator made one, else `nobody`), with its sandbox on: that
// user cannot read the data directory (0700) or the signing keys (0600) of the root service.

/** The preferred users for `browserUser: 'auto'`, in order. */
export const AUTO_BROWSER_USERS: readonly string[] = ['sealchain-capture', 'nobody'];

export const BROWSER_WRAPPER_PATH = fileURLToPath(new URL('./run-chromium-as.sh', import.meta.url));
const SETPRIV_PATH = '/usr/bin/setpriv';

export interface BrowserUser {
  name: string;
  uid: number;
  gid: number;
}

function readPasswd(): Map<string, BrowserUser> {
  const users = new Map<string, BrowserUser>();
  let text = '';
  try {
    text = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return users;
  }
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name && /^\d+$/.test(uid ?? '') && /^\d+$/.test(gid ?? '')) {
      users.set(name, { name, uid: Number(uid), gid: Number(gid) });
    }
  }
  return users;
}

/**
 * The user to start the browser as, or undefined to start it as this process's user. Only a root
 * process switches: `browserUser` 'auto' picks the first of AUTO_BROWSER_USERS that exists, 'self'
 * keeps root (the sandbox must then be off), any other value names a user. Throws
 * BROWSER_UNAVAILABLE when the user or setpriv is missing.
 */
export function resolveBrowserUser(
  browserUser: string,
  processUid = process.getuid?.(),
): BrowserUser | undefined {
  if (processUid !== 0 || browserUser === 'self') return undefined;
  const users = readPasswd();
  const names = browserUser === 'auto' ? AUTO_BROWSER_USERS : [browserUser];
  const found = names.map((name) => users.get(name)).find((user) => user !== undefined && user.uid !== 0);
  if (found === undefined) {
    throw new CaptureError(
      'BROWSER_UNAVAILABLE',
      `no unprivileged user ${names.join(' or ')} to run the capture browser as (create one, or set browserUser)`,
      { details: { browserUser } },
    );
  }
  try {
    accessSync(SETPRIV_PATH, constants.X_OK);
  } catch {
    throw new CaptureError(
      'BROWSER_UNAVAILABLE',
      `${SETPRIV_PATH} is needed to run the capture browser as ${found.name} (Debian: apt-get install util-linux)`,
      { details: { browserUser } },
    );
  }
  return found;
}
