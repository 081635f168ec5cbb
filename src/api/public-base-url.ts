import { ApiError } from './errors.ts';

// The public base URL (`public_base_url`) is where people reach the verify pages: it is printed in
// certificates and their QR codes. It comes from the operator's configuration only, never from a
// request, so a Host or X-Forwarded-Host header cannot move a verify link elsewhere.

/** Checks an operator's public base URL (http or https, no credentials, query or fragment) and drops a trailing slash. */
export function resolvePublicBaseUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    !/^https?:$/.test(url.protocol) ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new ApiError(
      'NODE_OPTIONS_INVALID',
      `the public base URL ${JSON.stringify(text.slice(0, 200))} must be an http or https URL without credentials, query or fragment`,
      { details: { field: 'publicBaseUrl' } },
    );
  }
  return url.href.replace(/\/+$/, '');
}
