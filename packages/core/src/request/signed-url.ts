import type { MessagePart } from '../crypto/hmac.js';
import { originFromPublicUrl, type PublicOrigin } from './public-url.js';

/** What messages and `explain` show in place of the credential in a configured URL. */
const HIDDEN = '[hidden]';

/** Scheme and authority of an absolute URL, as written (twilio-node's `splitUrl`). */
export const AUTHORITY = /^(https?:\/\/)([^/?#]*)/i;

/**
 * The public URL a vendor signs, but for the request's path and query (Twilio; the
 * `{publicUrl}` token of `hmac()`, for HubSpot v3).
 */
export interface SignedBase {
  readonly origin: PublicOrigin;
  /** `user:password@` exactly as written in `publicUrl`, or empty. */
  readonly userInfo: string;
  /** The same with its secret part hidden, for messages and `explain`. */
  readonly shownUserInfo: string;
  /** The path a proxy strips (`/twilio`), without a trailing slash; or empty. */
  readonly prefix: string;
}

/**
 * A configured public URL read as the vendor signs it: an origin, Basic-auth credentials
 * kept as written (twilio-node's `validateRequest` first tries them, splitting the URL
 * without normalising it), and a path prefix. A bad URL is a `TypeError` that never
 * repeats it (it may hold a password).
 */
export function signedBase(text: string, what: string, scheme: string): SignedBase {
  const refuse = () =>
    new TypeError(
      `[hookguard] ${scheme}: ${what} must be an http(s) URL with no query or fragment, such as https://merchant.com, https://user:password@merchant.com or https://merchant.com/${scheme}.`,
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse();
  }
  const written = AUTHORITY.exec(text);
  // Neither can be in the credentials or the host as written: they end the authority.
  if (written === null || text.includes('?') || text.includes('#')) throw refuse();
  const [protocol, authority] = [written[1] as string, written[2] as string];
  // The URL Standard ends the authority at a backslash and drops tabs and line breaks, so
  // with one of them the credentials and host as written are not the ones it parsed.
  if (/[\\\s]/.test(authority)) throw refuse();
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? '' : authority.slice(0, at + 1);
  // The path as written must be the path as sent: a prefix the URL Standard would rewrite
  // (dot segments, unescaped characters) would be signed one way and received another.
  const path = text.slice(protocol.length + authority.length);
  if (path !== '' && path !== url.pathname) throw refuse();
  const colon = userInfo.indexOf(':');
  return {
    origin: originFromPublicUrl(`${url.protocol}//${url.host}`, scheme),
    userInfo,
    // A password is hidden and its user shown; a user alone may be a token, so it is hidden.
    shownUserInfo:
      userInfo === '' ? '' : colon === -1 ? `${HIDDEN}@` : `${userInfo.slice(0, colon)}:${HIDDEN}@`,
    prefix: url.pathname.replace(/\/+$/, ''),
  };
}

/** The base for a scheme without `publicUrl`: the request's origin, no credentials or prefix. */
export function requestBase(origin: PublicOrigin): SignedBase {
  return { origin, userInfo: '', shownUserInfo: '', prefix: '' };
}

/** `scheme://[user:pass@]host[:port]prefix/path?query`, with the port written or not. */
export function urlOf(base: SignedBase, userInfo: string, path: string, withPort: boolean): string {
  const { origin } = base;
  const port = withPort || !origin.defaultPort ? `:${origin.port}` : '';
  return `${origin.protocol}//${userInfo}${origin.hostname}${port}${base.prefix}${path}`;
}

/**
 * The URL as a message part, without its default port first, then with it (as twilio-node
 * tries them); the credentials are signed and shown hidden. `rewrite` applies to both the
 * signed and the shown text (HubSpot's unescaping).
 */
export function urlParts(
  base: SignedBase,
  path: string,
  rewrite: (url: string) => string = (url) => url,
): MessagePart[] {
  return [false, true].map((withPort) => {
    const value = rewrite(urlOf(base, base.userInfo, path, withPort));
    return base.userInfo === ''
      ? { label: 'url', value }
      : { label: 'url', value, display: rewrite(urlOf(base, base.shownUserInfo, path, withPort)) };
  });
}
