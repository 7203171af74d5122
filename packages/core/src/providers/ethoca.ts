import { platform } from '#platform';
import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { isoSeconds } from '../catalog/samples.js';
import { bodyText } from '../catalog/sign-inputs.js';
import { decodeBase64, decodeBase64Url, encodeDigest, latin1Text } from '../crypto/encoding.js';
import { algorithmLabel, type MessagePart } from '../crypto/hmac.js';
import { WebhookVerificationError } from '../errors.js';
import { keysFromKeyRing } from '../keys/key-ring.js';
import {
  originFromPublicUrl,
  originFromRequest,
  type PublicOrigin,
  pathAndQuery,
  urlWithPort,
} from '../request/public-url.js';
import {
  type DecodedSignature,
  defineWebhookScheme,
  type EncodedForm,
  resolveReplayTtl,
  type WebhookScheme,
} from '../scheme.js';
import { bodyToSend, type SignedHttpRequest } from '../signed-request.js';
import { formatIsoUtcSeconds, isoUtcSeconds, resolveTolerance } from '../time/timestamps.js';
import { compactJson } from './ethoca-compact-json.js';
import { signatureList } from './read-helpers.js';

const NAME = 'ethoca';
const AUTH_SCHEME = 'ETHOCA-SHA1';
const DIGEST_BYTES = 20;

/**
 * How the digest is put in `Signature=`:
 * - `base64url`: base64url without padding, 27 characters (the scheme as specified);
 * - `double-encoded`: base64url of the *text* of the standard base64, 38 characters, as
 *   Ethoca's worked example shows (an artefact of the online tools it used).
 */
export type EthocaSignatureEncoding = 'base64url' | 'double-encoded';

/** Options for {@link ethoca}. */
export interface EthocaOptions {
  /** Secrets by `KeyRef`: `{ [keyRef]: secret }`. Rotate by adding a key id. */
  readonly keys: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /**
   * Your public origin as Ethoca calls it, such as `https://merchant.com`. Behind a proxy
   * the server sees another URL, and the signature covers the public one: set this in
   * production. Without it the origin is derived from the request (see `trustProxy`).
   */
  readonly publicUrl?: string;
  /** Without `publicUrl`: trust `X-Forwarded-Proto`, `-Host` and `-Port`. Default false. */
  readonly trustProxy?: boolean;
  /** Seconds of skew allowed each way on `X-Eth-Date`; default 300 (Ethoca advises about 60), `false` disables. */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default and minimum twice the tolerance. */
  readonly replayTtl?: number;
  /** The encoding `sign` produces; verify accepts both. Default `base64url`. */
  readonly signatureEncoding?: EthocaSignatureEncoding;
}

/** Input to `sign` for {@link ethoca}. */
export interface EthocaSignInput {
  /** Path and query (`/api/orders`), or an absolute URL when the scheme has no `publicUrl`. */
  readonly url: string;
  /** Default `POST`. */
  readonly method?: string;
  /** Text or bytes sent as they are, any other value as JSON; omit for GET. */
  readonly body?: unknown;
  /** `X-Eth-Date`; default now. */
  readonly date?: string;
  /** The key id to sign with; default the first configured. */
  readonly keyRef?: string;
  /** Default `application/json`. */
  readonly contentType?: string;
  /** Overrides the scheme's `signatureEncoding`. */
  readonly encoding?: EthocaSignatureEncoding;
}

function ethocaMessage(
  origin: PublicOrigin,
  path: string,
  body: Uint8Array,
  method: string,
  contentType: string,
  date: string,
): MessagePart[] {
  const elements: MessagePart[] = [
    { label: 'Host', value: origin.hostname },
    {
      label: 'CanonicalResource',
      value: urlWithPort(origin, path),
    },
    { label: 'BodyWithoutWhitespace', value: compactJson(body) },
    { label: 'Method', value: method },
    { label: 'Content-Type', value: contentType },
    { label: 'X-Eth-Date', value: date },
  ];
  return elements.flatMap((element, index) =>
    index === 0 ? [element] : [{ label: 'newline', value: '\n' }, element],
  );
}

interface AuthorizationParams {
  readonly keyRef: string | undefined;
  readonly signature: string | undefined;
}

/** `ETHOCA-SHA1 KeyRef=<id>,Signature=<sig>`; params split on `,`, spaces tolerated. */
function parseAuthorization(value: string): AuthorizationParams | undefined {
  const match = /^\s*(\S+)\s+(.*)$/s.exec(value);
  if (match === null || (match[1] as string).toUpperCase() !== AUTH_SCHEME) return undefined;
  const params = new Map<string, string>();
  for (const param of (match[2] as string).split(',')) {
    if (param.trim() === '') continue;
    const equals = param.indexOf('=');
    if (equals === -1) {
      throw new WebhookVerificationError(
        'malformed_request',
        `the Authorization parameter ${JSON.stringify(param.trim().slice(0, 32))} has no "=".`,
        { provider: NAME },
      );
    }
    const name = param.slice(0, equals).trim().toLowerCase();
    if (params.has(name)) {
      throw new WebhookVerificationError(
        'malformed_request',
        `the Authorization parameter ${name} appears more than once.`,
        { provider: NAME },
      );
    }
    params.set(name, param.slice(equals + 1).trim());
  }
  return { keyRef: params.get('keyref'), signature: params.get('signature') };
}

/** 20 decoded bytes are the digest; 28 are the text of its standard base64 (the doc's form). */
function decodeEthoca(text: string): DecodedSignature[] {
  const bytes = decodeBase64Url(text);
  if (bytes === undefined) return [];
  if (bytes.length !== DIGEST_BYTES) {
    const inner = decodeBase64(latin1Text(bytes));
    if (inner?.length === DIGEST_BYTES)
      return [{ bytes: inner, form: 'double-encoded (base64url of the base64 text)' }];
  }
  return [{ bytes, form: 'base64url' }];
}

function encodeSignature(digest: Uint8Array, encoding: EthocaSignatureEncoding): string {
  if (encoding === 'base64url') return encodeDigest(digest, 'base64url');
  // The base64 text is ASCII, so its UTF-8 bytes are its characters.
  return encodeDigest(platform.utf8(encodeDigest(digest, 'base64')), 'base64url');
}

function encodeEthoca(digest: Uint8Array): EncodedForm[] {
  const hex = {
    label: `${algorithmLabel('sha1')} digest (hex)`,
    value: encodeDigest(digest, 'hex'),
  };
  return [
    {
      form: 'base64url',
      steps: [hex, { label: 'base64url, no padding', value: encodeSignature(digest, 'base64url') }],
    },
    {
      form: 'double-encoded',
      steps: [
        hex,
        { label: 'base64', value: encodeDigest(digest, 'base64') },
        {
          label: 'base64url of that text, no padding',
          value: encodeSignature(digest, 'double-encoded'),
        },
      ],
    },
  ];
}

/**
 * Mastercard Ethoca Consumer Clarity for Merchants, `ETHOCA-SHA1`: Ethoca calls your API
 * with `Authorization: ETHOCA-SHA1 KeyRef=<id>,Signature=<sig>` and `X-Eth-Date`. The string
 * to sign is six lines, no trailing newline: public host name, public absolute URL with
 * scheme and explicit port (plus the query), the body with whitespace outside strings
 * removed, the method, the Content-Type as received, and `X-Eth-Date`;
 * `signature = base64url(HMAC-SHA1(secret for KeyRef, string))` without padding.
 *
 * Quirk: Ethoca's worked example shows a 38-character value, base64url of the *text* of
 * the standard base64. Verify accepts both forms (told apart by length); sign makes the
 * 27-character one unless told otherwise.
 *
 * @example
 * ```ts
 * const scheme = ethoca({ keys: { [keyRef]: secret }, publicUrl: 'https://merchant.com' });
 * ```
 */
export function ethoca<TPayload = unknown>(
  options: EthocaOptions,
): WebhookScheme<TPayload | undefined, EthocaSignInput, SignedHttpRequest> {
  const keys = keysFromKeyRing(options.keys, 'keys', NAME);
  const publicOrigin =
    options.publicUrl === undefined ? undefined : originFromPublicUrl(options.publicUrl, NAME);
  const trustProxy = options.trustProxy === true;
  const tolerance = resolveTolerance(options.tolerance, NAME);
  const defaultEncoding = options.signatureEncoding ?? 'base64url';
  if (defaultEncoding !== 'base64url' && defaultEncoding !== 'double-encoded') {
    throw new TypeError(
      `[hookguard] ${NAME}: signatureEncoding must be 'base64url' or 'double-encoded'.`,
    );
  }
  return defineWebhookScheme<TPayload | undefined, EthocaSignInput, SignedHttpRequest>({
    name: NAME,
    provider: 'ethoca',
    mediaType: 'json',
    algorithm: 'sha1',
    keys,
    tolerance,
    replayBy: 'digest',
    replayTtlSeconds: resolveReplayTtl(tolerance, options.replayTtl, NAME),
    signatureFormat: 'base64url (27 characters, or the 38-character double encoding)',
    read(request) {
      const authorization = request.header('authorization');
      const params = authorization === undefined ? undefined : parseAuthorization(authorization);
      if (params === undefined) {
        throw new WebhookVerificationError(
          'missing_signature',
          `the Authorization header carries no ${AUTH_SCHEME} signature.`,
          { provider: NAME },
        );
      }
      if (params.keyRef === undefined || params.keyRef === '') {
        throw new WebhookVerificationError(
          'missing_signature',
          'the Authorization header has no KeyRef.',
          { provider: NAME },
        );
      }
      const date = request.requireHeader('x-eth-date');
      const origin = publicOrigin ?? originFromRequest(request, trustProxy, NAME);
      const message = ethocaMessage(
        origin,
        pathAndQuery(request.url, NAME),
        request.body,
        request.method,
        request.header('content-type') ?? '',
        date,
      );
      return {
        signatures: signatureList(params.signature),
        signatureSource: 'the Signature in the Authorization header',
        mismatchHint:
          'Ethoca signs your public URL with an explicit port, and the Content-Type as received; behind a proxy, set publicUrl.',
        keyId: params.keyRef,
        timestamp: isoUtcSeconds(date),
        message,
        payload: () => (request.body.length === 0 ? undefined : (request.json() as TPayload)),
      };
    },
    decode: decodeEthoca,
    encode: encodeEthoca,
    sign(input, context) {
      const body = bodyToSend(input.body);
      const bytes = typeof body === 'string' ? platform.utf8(body) : body;
      let origin: PublicOrigin | undefined = publicOrigin;
      let path = input.url;
      if (/^https?:\/\//i.test(input.url)) {
        const url = new URL(input.url);
        origin = originFromPublicUrl(url.origin, NAME);
        path = `${url.pathname}${url.search}`;
      }
      if (origin === undefined) {
        throw new TypeError(
          `[hookguard] ${NAME}: sign needs an absolute url, or a publicUrl on the scheme.`,
        );
      }
      const method = (input.method ?? 'POST').toUpperCase();
      const contentType = input.contentType ?? 'application/json';
      const date = input.date ?? formatIsoUtcSeconds(context.now);
      const key = context.key(input.keyRef);
      const digest = context.digest(
        ethocaMessage(origin, path, bytes, method, contentType, date),
        key,
      );
      const signature = encodeSignature(digest, input.encoding ?? defaultEncoding);
      return {
        headers: {
          authorization: `${AUTH_SCHEME} KeyRef=${String(key.id)},Signature=${signature}`,
          'x-eth-date': date,
          'content-type': contentType,
        },
        body,
      };
    },
  });
}

const ETHOCA_ROUTE = '/webhooks/ethoca';

/** Ethoca in the list of providers. */
export const ETHOCA_PROVIDER = {
  id: NAME,
  title: 'Mastercard Ethoca Consumer Clarity (ETHOCA-SHA1)',
  vendor: 'ethoca',
  family: 'hmac',
  docs: 'https://developer.mastercard.com/ethoca-consumer-clarity-for-merchants/documentation/api-basics/authentication-and-encryption/',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'keys',
      env: 'ETHOCA_KEYS',
      secret: true,
      format: 'key-ring',
      description: 'key ring, keyRef:secret[,keyRef:secret]',
      demo: 'demo-key:demo-ethoca-secret',
    },
    {
      option: 'publicUrl',
      env: 'ETHOCA_PUBLIC_URL',
      secret: false,
      flag: '--public-url',
      format: 'text',
      description: 'public origin, such as https://merchant.com',
      demo: 'https://merchant.example',
    },
  ],
  factory: ethoca,
  route: ETHOCA_ROUTE,
  sample: (now) => ({
    url: ETHOCA_ROUTE,
    body: { requestReference: { originatorDescription: 'Test Issuer', correlationId: 'demo' } },
    date: isoSeconds(now),
  }),
  signInput: (body, path) => ({
    url: path,
    ...(body.length === 0 ? { method: 'GET' } : { body: bodyText(body) }),
  }),
  checkedAgainst: { vector: "Ethoca's worked example" },
} as const satisfies ProviderDefinition;
