import { WebhookVerificationError } from '../errors.js';
import { visible } from '../visible.js';

/**
 * Fetching a vendor's key document (PayPal's certificate at `PAYPAL-CERT-URL`, AWS SNS's
 * `SigningCertURL`, Plaid's JWK by key id) without letting a request choose what the
 * server fetches, and without letting the vendor's server (or anything impersonating it)
 * hang the request or fill the memory.
 *
 * - A URL that is not `https` on one of the policy's hosts, written exactly as the vendor
 *   writes it, is `untrusted_key_url` (401) and is never fetched.
 * - Anything that goes wrong while fetching (a network error, no complete answer within
 *   `timeoutMs`, a status other than 200, a redirect, a body over `maxBytes`, an empty
 *   body) is `key_unavailable` (503): the vendor retries, and nothing was accepted.
 */

/** Headers, then the whole body, must arrive within this; vendors wait 10–30 s for the 2xx. */
export const DEFAULT_KEY_FETCH_TIMEOUT_MS = 5_000;
/** A PEM certificate chain is 2–8 KB and a JWK under 1 KB: 64 KiB leaves room, and no more. */
export const DEFAULT_KEY_DOCUMENT_MAX_BYTES = 64 * 1024;
/** Vendors' key URLs are about 100 characters; anything this long is not one. */
const MAX_KEY_URL_LENGTH = 2_048;
/** How much of a key URL a message shows. */
const SHOWN_URL_CHARACTERS = 100;
/** Redirects, and 0: what a browser's `redirect: 'manual'` gives for one (opaque redirect). */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([0, 301, 302, 303, 307, 308]);
/** The largest delay `setTimeout` takes; a larger one fires at once on every runtime. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Placeholders a host pattern may use for one whole label, each with what it matches.
 * There is deliberately no general wildcard: `sns.*.amazonaws.com` would also match
 * `sns.s3-us-west-2.amazonaws.com`, S3's legacy virtual-hosted name for a bucket called
 * `sns`, which anyone who owns that bucket can serve a certificate from. A region name
 * (`us-east-1`, `us-gov-west-1`, `cn-northwest-1`, `us-isob-east-1`, `eusc-de-east-1`)
 * starts with 2 to 4 letters, so no `s3…` label is one.
 */
const HOST_PLACEHOLDERS: Readonly<Record<string, string>> = {
  '{aws-region}': '[a-z]{2,4}(?:-[a-z]+){1,3}-[0-9]{1,2}',
};

/** One DNS label as vendors write it: lower-case letters, digits and inner hyphens. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Printable ASCII without space; a backslash is refused separately. */
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/**
 * A host the policy fetches keys from, as data: an exact lower-case host name
 * (`api.paypal.com`), or a pattern in which a whole label is a placeholder from a fixed
 * list (`sns.{aws-region}.amazonaws.com`). A placeholder must be followed by at least two
 * fixed labels, so a pattern always names one registered domain.
 */
export type KeyHostPattern = string;

/** The WHATWG `fetch` signature, as every runtime and `undici` provide it. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Where and how a scheme fetches its keys; settle it once with {@link keyFetchPolicy}. */
export interface KeyFetchPolicy {
  /** The scheme, for messages: `paypal`, `aws-sns`, `plaid`. */
  readonly provider: string;
  /** The only hosts a key is fetched from, as the vendor documents them. */
  readonly allowedHosts: readonly KeyHostPattern[];
  /**
   * The `fetch` to use; `globalThis.fetch` (looked up at each call) when absent. This is
   * where an egress proxy goes, and where tests map the vendor's https URL to a local
   * server: the URL is checked against `allowedHosts` before this function sees it.
   */
  readonly fetch?: FetchFunction | undefined;
  /** Milliseconds for the whole fetch, headers and body; {@link DEFAULT_KEY_FETCH_TIMEOUT_MS}. */
  readonly timeoutMs?: number | undefined;
  /** The largest key document read, in bytes; {@link DEFAULT_KEY_DOCUMENT_MAX_BYTES}. */
  readonly maxBytes?: number | undefined;
}

/**
 * How to ask for the document: a GET (the default), or a POST with a JSON body, as Plaid's
 * `/webhook_verification_key/get` takes `{ client_id, secret, key_id }`. The body and the
 * headers never appear in a message.
 */
export type KeyDocumentRequest =
  | { readonly method: 'GET' }
  | {
      readonly method: 'POST';
      readonly json: unknown;
      readonly headers?: Readonly<Record<string, string>> | undefined;
    };

/** A policy with its defaults filled in and its hosts compiled. */
interface SettledPolicy {
  readonly provider: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly exactHosts: ReadonlySet<string>;
  readonly hostPatterns: readonly RegExp[];
  /** For messages: the hosts as configured. */
  readonly hostList: string;
}

const settledPolicies = new WeakMap<KeyFetchPolicy, SettledPolicy>();

function compileHost(pattern: unknown, provider: string): string | RegExp {
  const where = `[hookguard] ${provider}: allowedHosts`;
  if (typeof pattern !== 'string') throw new TypeError(`${where} must list host names.`);
  const labels = pattern.split('.');
  const fixedAfter = (index: number) =>
    labels.slice(index + 1).every((label) => !Object.hasOwn(HOST_PLACEHOLDERS, label));
  const valid =
    labels.length >= 2 &&
    // A numeric last label makes the host an IPv4 address to a URL parser.
    !/^[0-9]+$/.test(labels[labels.length - 1] as string) &&
    labels.every((label, index) =>
      Object.hasOwn(HOST_PLACEHOLDERS, label)
        ? index < labels.length - 2 && fixedAfter(index)
        : LABEL.test(label),
    );
  if (!valid) {
    throw new TypeError(
      `${where}: ${JSON.stringify(pattern)} is not a lower-case host name (such as api.paypal.com) or a pattern with a placeholder label followed by at least two fixed labels (such as sns.{aws-region}.amazonaws.com; placeholders: ${Object.keys(HOST_PLACEHOLDERS).join(', ')}).`,
    );
  }
  if (!labels.some((label) => Object.hasOwn(HOST_PLACEHOLDERS, label))) return pattern;
  const source = labels
    .map((label) =>
      Object.hasOwn(HOST_PLACEHOLDERS, label) ? `(?:${HOST_PLACEHOLDERS[label]})` : label,
    )
    .join('\\.');
  return new RegExp(`^${source}$`);
}

function settle(policy: KeyFetchPolicy): SettledPolicy {
  const cached = settledPolicies.get(policy);
  if (cached !== undefined) return cached;
  if (policy === null || typeof policy !== 'object') {
    throw new TypeError('[hookguard] a key fetch policy must be an object.');
  }
  const { provider, allowedHosts, fetch, timeoutMs, maxBytes } = policy;
  if (typeof provider !== 'string' || provider === '') {
    throw new TypeError('[hookguard] a key fetch policy needs its provider name.');
  }
  if (!Array.isArray(allowedHosts) || allowedHosts.length === 0) {
    throw new TypeError(
      `[hookguard] ${provider}: allowedHosts must list at least one host keys are fetched from.`,
    );
  }
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw new TypeError(`[hookguard] ${provider}: fetch must be a function (the WHATWG fetch).`);
  }
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)
  ) {
    throw new TypeError(
      `[hookguard] ${provider}: timeoutMs must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}.`,
    );
  }
  if (maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes > 0)) {
    throw new TypeError(`[hookguard] ${provider}: maxBytes must be a whole number above 0.`);
  }
  const exactHosts = new Set<string>();
  const hostPatterns: RegExp[] = [];
  for (const pattern of allowedHosts) {
    const compiled = compileHost(pattern, provider);
    if (typeof compiled === 'string') exactHosts.add(compiled);
    else hostPatterns.push(compiled);
  }
  const settled: SettledPolicy = {
    provider,
    timeoutMs: timeoutMs ?? DEFAULT_KEY_FETCH_TIMEOUT_MS,
    maxBytes: maxBytes ?? DEFAULT_KEY_DOCUMENT_MAX_BYTES,
    exactHosts,
    hostPatterns,
    hostList: allowedHosts.join(', '),
  };
  settledPolicies.set(policy, settled);
  return settled;
}

/**
 * Checks a key fetch policy and returns it, throwing a `TypeError` for a bad one (no
 * hosts, a host that is not a lower-case name, a timeout or size that is not a positive
 * number). Call it when the scheme is created, so a misconfiguration fails at start-up;
 * {@link fetchKeyDocument} checks a policy it has not seen too. Treat the policy as
 * immutable afterwards: it is compiled once (only `fetch` is read again at each call).
 *
 * @example
 * ```ts
 * const PAYPAL_KEYS = keyFetchPolicy({
 *   provider: 'paypal',
 *   allowedHosts: ['api.paypal.com', 'api.sandbox.paypal.com'],
 * });
 * const SNS_KEYS = keyFetchPolicy({
 *   provider: 'aws-sns',
 *   allowedHosts: ['sns.{aws-region}.amazonaws.com', 'sns.{aws-region}.amazonaws.com.cn'],
 * });
 * ```
 */
export function keyFetchPolicy<P extends KeyFetchPolicy>(policy: P): P {
  settle(policy);
  return policy;
}

/** The URL as a message may show it: at most {@link SHOWN_URL_CHARACTERS}, invisibles escaped. */
function shownUrl(url: string): string {
  const cut = url.length > SHOWN_URL_CHARACTERS;
  const shown = visible(url.slice(0, SHOWN_URL_CHARACTERS)).slice(0, SHOWN_URL_CHARACTERS);
  return `"${shown}${cut ? '…' : ''}"`;
}

function untrusted(url: unknown, reason: string, policy: SettledPolicy): WebhookVerificationError {
  const shown = typeof url === 'string' ? ` ${shownUrl(url)}` : '';
  return new WebhookVerificationError(
    'untrusted_key_url',
    `refused to fetch a key from the URL${shown}: ${reason}. Keys are fetched only from ${policy.provider}'s own hosts (${policy.hostList}); a request naming another URL did not come from ${policy.provider}.`,
    { provider: policy.provider },
  );
}

function hostAllowed(host: string, policy: SettledPolicy): boolean {
  return policy.exactHosts.has(host) || policy.hostPatterns.some((pattern) => pattern.test(host));
}

/**
 * The key URL, parsed, if the policy allows fetching it; otherwise an `untrusted_key_url`
 * error. Checked before anything is fetched, on the text as written and again on the
 * WHATWG parse, and the parse's `href` is what gets fetched, so both readings agree.
 */
function checkedKeyUrl(url: unknown, policy: SettledPolicy): URL {
  if (typeof url !== 'string' || url === '') {
    throw untrusted(url, 'it is empty or not text', policy);
  }
  if (url.length > MAX_KEY_URL_LENGTH) {
    throw untrusted(url, `it is longer than ${MAX_KEY_URL_LENGTH} characters`, policy);
  }
  // A URL parser drops tabs and newlines, turns `\` into `/` and maps some non-ASCII dots
  // to `.`; a vendor writes none of them, so any of them means the URL is not the vendor's.
  if (!PRINTABLE_ASCII.test(url) || url.includes('\\')) {
    throw untrusted(
      url,
      'it contains spaces, control characters, backslashes or non-ASCII characters',
      policy,
    );
  }
  if (!url.startsWith('https://')) throw untrusted(url, 'it is not an https:// URL', policy);
  // The authority exactly as written must be an allowed host: this refuses user info
  // (`api.paypal.com@evil.example`), any port (`:444`, and `:443`, which vendors do not
  // write), upper case, a trailing dot, percent-escapes and IP addresses, instead of
  // trusting each to be normalised the same way by every parser.
  const rest = url.slice('https://'.length);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  if (!hostAllowed(authority, policy)) {
    throw untrusted(
      url,
      'its host is not one of those listed, written in lower case with no user name, port or trailing dot',
      policy,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw untrusted(url, `it is not a valid URL (${(error as Error).name})`, policy);
  }
  // What the parser read must be what was checked above (defence in depth: the checks
  // above already imply it).
  if (
    parsed.protocol !== 'https:' ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.port !== '' ||
    parsed.hostname !== authority
  ) {
    throw untrusted(url, 'it does not parse to the host it names', policy);
  }
  return parsed;
}

/**
 * Whether `url` names a key document the policy allows fetching, as {@link fetchKeyDocument}
 * decides before fetching: the parsed URL, or a rejection with `untrusted_key_url` (401).
 * For a scheme that looks a URL up in a cache first: check, then look up.
 *
 * @example
 * ```ts
 * const certUrl = trustedKeyUrl(request.headers['paypal-cert-url'], PAYPAL_KEYS).href;
 * ```
 */
export function trustedKeyUrl(url: string, policy: KeyFetchPolicy): URL {
  return checkedKeyUrl(url, settle(policy));
}

/** The deadline passed: the reason the fetch's `AbortSignal` is aborted with. */
class KeyFetchTimeout extends Error {
  override readonly name = 'KeyFetchTimeout';
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
  }
}

/** A failure hookguard describes itself (status, size); its message is safe to show. */
class KeyDocumentRefused extends Error {
  override readonly name = 'KeyDocumentRefused';
}

/**
 * What went wrong, for the message: hookguard's own words, or the error's name and code
 * (`TypeError ECONNREFUSED`, from the error or its `cause` as undici nests it). Never the
 * error's message, which a `fetch` may fill with anything, response text included; the
 * error itself stays the `cause`.
 */
export function describeFetchFailure(error: unknown): string {
  if (error instanceof KeyFetchTimeout || error instanceof KeyDocumentRefused) return error.message;
  if (!(error instanceof Error)) return 'the fetch failed';
  const code =
    (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  const kind = typeof code === 'string' && /^[\w.-]{1,40}$/.test(code) ? ` ${code}` : '';
  const name = /^[\w.-]{1,40}$/.test(error.name) ? error.name : 'Error';
  return `the fetch failed (${name}${kind})`;
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function ignore(): void {}

/** Lets go of a response body nobody will read, so its connection is closed or reused. */
function discard(response: Response | undefined): void {
  try {
    response?.body?.cancel().catch(ignore);
  } catch {}
}

function contentLength(response: Response): number | undefined {
  const declared = response.headers.get('content-length');
  return declared !== null && /^[0-9]{1,15}$/.test(declared) ? Number(declared) : undefined;
}

function tooLarge(maxBytes: number): KeyDocumentRefused {
  return new KeyDocumentRefused(`the answer is larger than the limit of ${maxBytes} bytes`);
}

/**
 * The body, read chunk by chunk and cancelled as soon as it passes `maxBytes`: an endless
 * or huge answer costs at most `maxBytes` plus one chunk of memory. Each read also stops at
 * the deadline, even from a `fetch` that ignores its signal once the headers are in.
 */
async function readCapped(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const declared = contentLength(response);
  if (declared !== undefined && declared > maxBytes) {
    discard(response);
    throw tooLarge(maxBytes);
  }
  const body = response.body as
    | { getReader?: () => ReadableStreamDefaultReader<Uint8Array> }
    | null
    | undefined;
  if (body === null || body === undefined || typeof body.getReader !== 'function') {
    // A fetch whose body is not a Web stream (node-fetch gives a Node stream) can only be
    // read whole; that is bounded only by a declared length, so one is required.
    if (body !== null && body !== undefined && declared === undefined) {
      throw new KeyDocumentRefused(
        'the fetch function answered a body that is not a ReadableStream and has no Content-Length, so it cannot be read within the limit; pass a WHATWG fetch',
      );
    }
    const whole = new Uint8Array(await unlessAborted(response.arrayBuffer(), signal));
    if (whole.byteLength > maxBytes) throw tooLarge(maxBytes);
    return whole;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await unlessAborted(reader.read(), signal);
      if (done) break;
      // ArrayBuffer.isView, not instanceof: the chunk may come from another realm (EdgeVM).
      if (!ArrayBuffer.isView(value)) {
        throw new KeyDocumentRefused('the body stream gave something other than bytes');
      }
      length += value.byteLength;
      if (length > maxBytes) throw tooLarge(maxBytes);
      chunks.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    }
  } catch (error) {
    // Cancelling tells the fetch to stop reading and close the connection.
    reader.cancel(error).catch(ignore);
    throw error;
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const document = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    document.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return document;
}

function requestInit(request: KeyDocumentRequest, signal: AbortSignal): RequestInit {
  // `redirect: 'manual'`, not 'error': workerd refuses 'error' ("does not make sense at the
  // edge; use 'manual' and check the response status code"), and a redirect answered with
  // 'manual' is a 3xx (or an opaque redirect, status 0), which the 200-only rule refuses:
  // a redirect is never followed. `credentials: 'omit'`: no cookie or HTTP authentication
  // goes with the request where the runtime keeps any.
  const common = { redirect: 'manual', credentials: 'omit', signal } as const;
  if (request.method === 'GET') return { ...common, method: 'GET' };
  return {
    ...common,
    method: 'POST',
    headers: { ...request.headers, 'content-type': 'application/json' },
    body: JSON.stringify(request.json),
  };
}

const GET: KeyDocumentRequest = { method: 'GET' };

/**
 * Fetches the key document at `url` (a PEM certificate, a JWK as JSON) and returns its
 * bytes, under the policy's rules:
 *
 * - **Before fetching**, `url` must be `https://` on one of `allowedHosts`, with no user
 *   info and no port, written in lower case, printable ASCII, at most 2,048 characters;
 *   otherwise it rejects with `untrusted_key_url` (401) and nothing is fetched.
 * - **The fetch** does not follow redirects, sends no credentials, and must deliver status
 *   200 and the whole body (at least one byte, at most `maxBytes`) within `timeoutMs`;
 *   otherwise it rejects with `key_unavailable` (503), the underlying error as `cause`,
 *   and no byte of the answer in the message. A body past the cap is cancelled, not read.
 *
 * Parsing the document (and refusing one that is not a valid, unexpired key) is the
 * scheme's job, with `key_unavailable` too.
 *
 * @example
 * ```ts
 * const pem = await fetchKeyDocument(request.headers['paypal-cert-url'], PAYPAL_KEYS);
 * const jwk = await fetchKeyDocument('https://production.plaid.com/webhook_verification_key/get', PLAID_KEYS, {
 *   method: 'POST',
 *   json: { client_id: clientId, secret, key_id: kid },
 * });
 * ```
 */
export async function fetchKeyDocument(
  url: string,
  policy: KeyFetchPolicy,
  request: KeyDocumentRequest = GET,
): Promise<Uint8Array> {
  const settled = settle(policy);
  const target = checkedKeyUrl(url, settled);
  // Read at each call, not at module load: tests and polyfills may replace it later, and
  // called as a plain function, because workerd throws "Illegal invocation" when its fetch
  // is called as a method of another object (`policy.fetch(…)`).
  const fetchFunction = policy.fetch ?? globalThis.fetch;
  const controller = new AbortController();
  const { signal } = controller;
  // Built before the clock starts: a body that cannot be serialised is the caller's bug,
  // a TypeError, not the vendor's outage.
  const init = requestInit(request, signal);
  // One deadline for the headers and the whole body, cleared as soon as the read ends.
  const timer = setTimeout(
    () => controller.abort(new KeyFetchTimeout(settled.timeoutMs)),
    settled.timeoutMs,
  );
  // Not holding the process open for a deadline; where unref does not exist, or throws
  // (some edge runtimes), the timer simply stays referenced (as in replay/store-call.ts).
  try {
    (timer as { unref?: () => void }).unref?.();
  } catch {}
  try {
    if (typeof fetchFunction !== 'function') {
      throw new KeyDocumentRefused(
        'this runtime has no global fetch; pass one as the fetch option',
      );
    }
    const pending = Promise.resolve().then(() => fetchFunction(target.href, init));
    let response: Response;
    try {
      response = await unlessAborted(pending, signal);
    } catch (error) {
      // A fetch that ignores its signal may still answer later: let go of that answer.
      pending.then(discard, ignore);
      throw error;
    }
    if (response.status !== 200 || response.redirected) {
      discard(response);
      throw new KeyDocumentRefused(
        REDIRECT_STATUSES.has(response.status)
          ? `the server answered a redirect (HTTP ${response.status}), which is not followed: keys are fetched only from the URL checked`
          : response.redirected
            ? 'the fetch followed a redirect, which keys are never fetched through'
            : `the server answered HTTP ${response.status}, not 200`,
      );
    }
    const document = await readCapped(response, settled.maxBytes, signal);
    if (document.byteLength === 0) throw new KeyDocumentRefused('the answer is empty');
    return document;
  } catch (error) {
    // Past the deadline, whatever the fetch rejected with (an AbortError, a stream error)
    // is because of it: say so.
    const cause = signal.aborted ? signal.reason : error;
    throw new WebhookVerificationError(
      'key_unavailable',
      `could not fetch the key from ${shownUrl(target.href)}: ${describeFetchFailure(cause)}. Nothing was accepted, and ${settled.provider} retries a 503; if this lasts, check outbound HTTPS from this server to ${target.hostname} (an egress proxy, DNS), or pass a fetch that goes through your proxy.`,
      { provider: settled.provider, cause },
    );
  } finally {
    clearTimeout(timer);
  }
}
