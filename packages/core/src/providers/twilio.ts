import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { bodyText, formFields } from '../catalog/sign-inputs.js';
import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { decodeHex, encodeDigest } from '../crypto/encoding.js';
import type { MessagePart } from '../crypto/hmac.js';
import { sha256 } from '../crypto/run-with-crypto.js';
import { sha256Hex } from '../crypto/sha256.js';
import { decodePlain, encodePlain } from '../crypto/signature-forms.js';
import { WebhookVerificationError } from '../errors.js';
import { keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import { sortByName } from '../request/form-order.js';
import type { FormEntry } from '../request/parse-form.js';
import { originFromRequest, pathAndQuery } from '../request/public-url.js';
import { AUTHORITY, requestBase, signedBase, urlOf, urlParts } from '../request/signed-url.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../scheme.js';
import { bodyToSend, formBody, type SignedHttpRequest } from '../signed-request.js';
import { pushField, signatureList } from './read-helpers.js';

const NAME = 'twilio';
const BODY_HASH_PARAM = 'bodySHA256';

/** Options for {@link twilio}. */
export interface TwilioOptions {
  /** The account's auth token; a list while rotating. */
  readonly authToken: SecretInput;
  /**
   * The public URL of your app as set in the Twilio console, which Twilio signs: an origin
   * such as `https://merchant.com`, with the Basic-auth credentials the console URL carries
   * (`https://user:pass@merchant.com`, exactly as written there), and with the path prefix
   * a proxy strips before your app sees the request (`https://merchant.com/twilio` when the
   * app receives `/sms` for `https://merchant.com/twilio/sms`). The request's path and
   * query are appended to it. No query or fragment. Behind a proxy the server sees another
   * URL, so set this in production; without it the origin comes from the request (see
   * `trustProxy`). The password is never shown in a message or by `explain`.
   */
  readonly publicUrl?: string;
  /** Without `publicUrl`: trust `X-Forwarded-Proto`, `-Host` and `-Port`. Default false. */
  readonly trustProxy?: boolean;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** Input to `sign` for {@link twilio}. */
export interface TwilioSignInput {
  /** The URL Twilio calls: absolute, or a path and query when the scheme has a `publicUrl`. */
  readonly url: string;
  /**
   * Form parameters (voice and messaging webhooks); a list sends the parameter once per
   * value, as Twilio does with Conversations' `MessagingBinding.Address`.
   */
  readonly params?: Readonly<Record<string, string | readonly string[]>>;
  /** A JSON body instead of parameters: the URL then carries `bodySHA256`. */
  readonly body?: unknown;
}

/** What Twilio sends; `url` is the URL it signed (with `bodySHA256` for a JSON body). */
export interface TwilioSignedRequest extends SignedHttpRequest {
  readonly url: string;
}

function repeatedValue(name: string): WebhookVerificationError {
  return new WebhookVerificationError(
    'malformed_request',
    `the signed form field ${JSON.stringify(name)} appears more than once.`,
    { provider: NAME },
  );
}

/** Each field name with its value, or its sorted values when repeated. */
type GroupedFields = Record<string, string | string[]>;

/**
 * The form's fields in the order Twilio signs them: by name in code-unit order, as
 * twilio-node's and twilio-python's `sort`; a name may repeat with other values
 * (Conversations' `MessagingBinding.Address` in a group), and those libraries and
 * twilio-php sign each distinct value, sorted, after the name. The same name and value
 * twice is `malformed_request`: those libraries sign it once, so such a body would differ
 * from another under one signature, and no Twilio product is known to send it. Sorted,
 * such a pair sits side by side.
 */
function signedOrder(entries: readonly FormEntry[]): FormEntry[] {
  const sorted = sortByName(entries.slice());
  for (let i = 1; i < sorted.length; i++) {
    const [name, value] = sorted[i] as FormEntry;
    const previous = sorted[i - 1] as FormEntry;
    if (name === previous[0] && value === previous[1]) throw repeatedValue(name);
  }
  return sorted;
}

/**
 * The payload: a null-prototype object (a `__proto__` field stays a plain key), names in
 * body order, a repeated name's values in the signed order. Built once the signature
 * matched: each fresh name costs V8 a string-table entry (decision 175).
 */
function groupFields(entries: readonly FormEntry[]): GroupedFields {
  const fields: GroupedFields = Object.create(null);
  let repeated: Set<string> | undefined;
  for (const [name, value] of entries) {
    const seen = fields[name];
    if (seen === undefined) {
      fields[name] = value;
      continue;
    }
    if (typeof seen === 'string') fields[name] = [seen, value];
    else seen.push(value);
    repeated ??= new Set();
    repeated.add(name);
  }
  // Code-unit order: the signed order, and so the only order a handler may rely on.
  for (const name of repeated ?? []) (fields[name] as string[]).sort();
  return fields;
}

/** The URL, then each name and value in the signed order. */
function formMessage(url: MessagePart, signed: readonly FormEntry[]) {
  const message: MessagePart[] = [url];
  for (const [name, value] of signed) pushField(message, name, value);
  return message;
}

const SIGNATURE_SOURCE = 'the X-Twilio-Signature header';

function mismatchHint(url: MessagePart): string {
  return `Twilio signs the full URL it called, as set in its console; hookguard checked ${url.display ?? url.value}. Behind a proxy, set publicUrl to your public origin.`;
}

/**
 * A form request's signed parts. The message with the default port and the hint are needed
 * only when the URL as configured did not match, so they are getters: a valid request never
 * builds them (on the prototype: getters in an object literal cost more than they save).
 */
class FormParts<TPayload> {
  readonly signatureSource = SIGNATURE_SOURCE;
  readonly message: MessagePart[];
  readonly payload = (): TPayload => groupFields(this.entries) as TPayload;

  constructor(
    readonly signatures: string[],
    private readonly primary: MessagePart,
    private readonly withPort: MessagePart,
    private readonly entries: readonly FormEntry[],
  ) {
    this.message = formMessage(primary, signedOrder(entries));
  }

  get mismatchHint(): string {
    return mismatchHint(this.primary);
  }

  get alternatives(): MessagePart[][] | undefined {
    // The same fields after another URL: only the first part differs.
    return this.primary.value === this.withPort.value
      ? undefined
      : [[this.withPort, ...this.message.slice(1)]];
  }
}

/** `sign`'s parameters as form entries, in the order given; a list gives one entry per value. */
function paramEntries(params: unknown): [string, string][] {
  if (params === null || typeof params !== 'object') {
    throw new TypeError(`[hookguard] ${NAME}: sign expects { params: { name: value, … } }.`);
  }
  return Object.entries(params).flatMap(([name, value]): [string, string][] => {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (values.some((item) => typeof item !== 'string') || values.length === 0) {
      throw new TypeError(
        `[hookguard] ${NAME}: form field ${JSON.stringify(name)} must be a string or a non-empty list of strings.`,
      );
    }
    if (new Set(values).size !== values.length) {
      throw new TypeError(
        `[hookguard] ${NAME}: form field ${JSON.stringify(name)} lists a value twice; verify refuses that.`,
      );
    }
    return values.map((item) => [name, item as string]);
  });
}

/**
 * Twilio: `X-Twilio-Signature = base64(HMAC-SHA1(auth token, full URL + Σ key + value))`
 * for form posts, keys sorted by code unit. For a JSON body Twilio signs the URL alone and
 * adds `bodySHA256` (hex SHA-256 of the body) to its query; hookguard checks both. The URL
 * is the one set in the Twilio console, Basic-auth credentials included: `publicUrl` plus
 * the request's path and query, tried without its default port, then with it, as Twilio's
 * SDK does. A form parameter Twilio repeats (Conversations' `MessagingBinding.Address`) is
 * signed once per distinct value, values sorted, and handed over as that sorted list.
 * Nothing is timestamped: replays are refused by the matched digest for 24 h (the unsigned
 * `I-Twilio-Idempotency-Token` is not used: a replay could carry a fresh one). The signed
 * string has no separators, so a captured signature also fits a rearranged form
 * (`Body=refund+10From%2B1555…`); as it is the same digest, that copy is `replayed` once
 * the original was accepted. Checked against twilio-node's `getExpectedTwilioSignature`,
 * `validateRequest` and `validateRequestWithBody`.
 *
 * Where hookguard is stricter than twilio-node: the same parameter and value twice is
 * `malformed_request` (twilio-node signs it once); and it does not retry re-escaped forms
 * of the URL, only the URL as configured and received.
 *
 * @example
 * ```ts
 * const scheme = twilio({ authToken: process.env.TWILIO_AUTH_TOKEN!, publicUrl: 'https://merchant.com' });
 * ```
 */
export function twilio<TPayload = Record<string, string | string[]>>(
  options: TwilioOptions,
): WebhookScheme<TPayload, TwilioSignInput, TwilioSignedRequest> {
  const configured =
    options.publicUrl === undefined ? undefined : signedBase(options.publicUrl, 'publicUrl', NAME);
  const trustProxy = options.trustProxy === true;
  return defineWebhookScheme<TPayload, TwilioSignInput, TwilioSignedRequest>({
    name: NAME,
    provider: NAME,
    mediaType: 'either',
    algorithm: 'sha1',
    keys: keysFromSecrets(options.authToken, 'authToken', NAME),
    tolerance: false,
    // One signature per request: its digest. I-Twilio-Idempotency-Token is not signed, so it
    // must not decide whether a delivery is new (a replay would carry a fresh one).
    replayBy: 'digest',
    replayTtlSeconds: resolveReplayTtl(false, options.replayTtl, NAME),
    signatureFormat: 'base64',
    read(request) {
      const base = configured ?? requestBase(originFromRequest(request, trustProxy, NAME));
      const path = pathAndQuery(request.url, NAME);
      const [primary, withPort] = urlParts(base, path) as [MessagePart, MessagePart];
      const query = path.indexOf('?') === -1 ? '' : path.slice(path.indexOf('?') + 1);
      // Parsed only when it can hold the parameter: most form webhooks have no query at all.
      const expectedHash = query.includes(BODY_HASH_PARAM)
        ? new URLSearchParams(query).get(BODY_HASH_PARAM)
        : null;
      const signatures = signatureList(request.header('x-twilio-signature'));
      if (expectedHash === null)
        return new FormParts<TPayload>(signatures, primary, withPort, request.form().entries);
      // JSON body: the URL is signed, and it carries the body's hash.
      return {
        signatures,
        signatureSource: SIGNATURE_SOURCE,
        mismatchHint: mismatchHint(primary),
        message: [primary],
        alternatives: primary.value === withPort.value ? undefined : [[withPort]],
        payload: () => {
          const expected = decodeHex(expectedHash) ?? new Uint8Array(0);
          if (!constantTimeEqual(sha256([request.body]), expected)) {
            throw new WebhookVerificationError(
              'invalid_signature',
              `the body does not match the ${BODY_HASH_PARAM} the URL was signed with.`,
              { provider: NAME },
            );
          }
          return (request.body.length === 0 ? undefined : request.json()) as TPayload;
        },
      };
    },
    decode: decodePlain('base64'),
    encode: encodePlain('base64', 'sha1'),
    sign(input, context) {
      let base = configured;
      let path = input?.url;
      if (typeof path !== 'string') throw new TypeError(`[hookguard] ${NAME}: sign needs { url }.`);
      const absolute = AUTHORITY.exec(path);
      if (absolute !== null) {
        // An absolute URL is the whole URL Twilio calls: its credentials, no prefix added.
        const [scheme, authority] = [absolute[1] as string, absolute[2] as string];
        base = signedBase(`${scheme}${authority}`, 'the url given to sign', NAME);
        path = path.slice(scheme.length + authority.length) || '/';
      }
      if (base === undefined)
        throw new TypeError(
          `[hookguard] ${NAME}: sign needs an absolute url, or a publicUrl on the scheme.`,
        );
      const key = context.key();
      if (input.body !== undefined) {
        const body = bodyToSend(input.body);
        const url = `${urlOf(base, base.userInfo, path, false)}${path.includes('?') ? '&' : '?'}${BODY_HASH_PARAM}=${sha256Hex(body)}`;
        const signature = encodeDigest(
          context.digest([{ label: 'url', value: url }], key),
          'base64',
        );
        return {
          url,
          headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
          body,
        };
      }
      const entries = paramEntries(input.params ?? {});
      const url = urlOf(base, base.userInfo, path, false);
      const signature = encodeDigest(
        context.digest(formMessage({ label: 'url', value: url }, signedOrder(entries)), key),
        'base64',
      );
      return {
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
        body: formBody(entries),
      };
    },
  });
}

/**
 * A body given to the CLI as sign parameters: a JSON object of strings, or a form whose
 * repeated names become lists (a captured Conversations webhook keeps all its addresses).
 */
function signParams(body: Uint8Array): Record<string, string | string[]> {
  const text = bodyText(body).trim();
  if (text.startsWith('{')) return formFields(body);
  const params: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = params[name];
    params[name] =
      seen === undefined ? value : [...(typeof seen === 'string' ? [seen] : seen), value];
  }
  return params;
}

const TWILIO_ROUTE = '/webhooks/twilio';

/** Twilio in the list of providers: an SMS webhook (a form) in the demo. */
export const TWILIO_PROVIDER = {
  id: NAME,
  title: 'Twilio webhooks',
  vendor: 'twilio',
  family: 'hmac',
  docs: 'https://www.twilio.com/docs/usage/webhooks/webhooks-security',
  verifies: true,
  mediaType: 'either',
  timestamped: false,
  settings: [
    {
      option: 'authToken',
      env: 'TWILIO_AUTH_TOKEN',
      secret: true,
      format: 'list',
      description: 'auth token',
      demo: 'demo-twilio-auth-token',
    },
    {
      option: 'publicUrl',
      env: 'TWILIO_PUBLIC_URL',
      secret: false,
      flag: '--public-url',
      format: 'text',
      description: 'public URL as set in the Twilio console (origin, credentials, path prefix)',
      demo: 'https://merchant.example',
    },
  ],
  factory: twilio,
  route: TWILIO_ROUTE,
  sample: (now) => ({
    url: TWILIO_ROUTE,
    params: { Body: 'PAY 100', From: '+15551230000', MessageSid: `SM${now}` },
  }),
  signInput: (body, path) => ({ url: path, params: signParams(body) }),
  checkedAgainst: {
    vector:
      "Twilio's documented examples; twilio-node's credentialed-URL and repeated-parameter vectors",
    sdk: {
      package: 'twilio',
      functions: ['getExpectedTwilioSignature', 'validateRequest', 'validateRequestWithBody'],
    },
  },
} as const satisfies ProviderDefinition;
