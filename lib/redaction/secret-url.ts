import { REDACTED_TEXT } from '../page-agent/redaction';

/**
 * Name fragments that make a URL parameter look secret (matched case-insensitively, anywhere in
 * the decoded name): `session_token`, `X-Amz-Signature`, `client_secret`, `SAMLResponse`…
 */
export const DEFAULT_SECRET_PARAM_FRAGMENTS: readonly string[] = [
  'token',
  'session',
  'secret',
  'password',
  'passwd',
  'pwd',
  'key',
  'code',
  'auth',
  'sig',
  'signature',
  'credential',
  'jwt',
  'saml',
  'ticket',
];

/** An address with the values of secret-looking parameters replaced, and the names replaced. */
export interface RedactedUrl {
  url: string;
  /** Decoded names of the parameters whose values were replaced, once each, in order of appearance. */
  redacted: string[];
}

/** The name as the server reads it: `+` is a space, percent-escapes decoded where valid. */
function decodeName(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Whether a decoded parameter name contains one of the fragments, ignoring case. */
export function looksSecret(name: string, fragments: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return fragments.some((f) => f.trim() !== '' && lower.includes(f.trim().toLowerCase()));
}

/** Redacts `a=1&b=2` parameter lists; parts without `=` or with an empty value carry nothing to hide. */
function redactParams(params: string, fragments: readonly string[], names: Set<string>): string {
  return params
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0 || eq === part.length - 1) return part;
      const name = decodeName(part.slice(0, eq));
      if (!looksSecret(name, fragments)) return part;
      names.add(name);
      return `${part.slice(0, eq + 1)}${REDACTED_TEXT}`;
    })
    .join('&');
}

/** The password of `scheme://user:password@host` is a secret whatever the settings say. */
export const USERINFO_PASSWORD = 'userinfo password';

function redactUserinfo(url: string, names: Set<string>): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)([^/?#@]+)@/i.exec(url);
  if (!m) return url;
  names.add(USERINFO_PASSWORD);
  return `${m[1]}${REDACTED_TEXT}@${url.slice(m[0].length)}`;
}

/**
 * Replaces the values of query and fragment parameters whose names look secret with
 * `[redacted]`, leaving every other byte of the address as it was. Works on the text, so an
 * address the URL parser refuses is redacted the same way. A fragment is read as parameters
 * (`#access_token=…&x=1`), or after its first `?` when it holds a route (`#/cb?code=…`). A
 * password in the address itself (`https://user:pw@host/`) is always replaced.
 */
export function redactSecretUrl(address: string, fragments: readonly string[]): RedactedUrl {
  const names = new Set<string>();
  const url = redactUserinfo(address, names);
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  let out =
    queryAt < 0
      ? beforeHash
      : `${beforeHash.slice(0, queryAt + 1)}${redactParams(beforeHash.slice(queryAt + 1), fragments, names)}`;
  if (hashAt >= 0) {
    const fragment = url.slice(hashAt + 1);
    const routeQuery = fragment.indexOf('?');
    out +=
      routeQuery < 0
        ? `#${redactParams(fragment, fragments, names)}`
        : `#${fragment.slice(0, routeQuery + 1)}${redactParams(fragment.slice(routeQuery + 1), fragments, names)}`;
  }
  return { url: out, redacted: [...names] };
}
