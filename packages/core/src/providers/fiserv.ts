import { platform } from '#platform';
import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { bodyText } from '../catalog/sign-inputs.js';
import { decodeBase64, decodeHex, encodeDigest, latin1Text, utf8Text } from '../crypto/encoding.js';
import { algorithmLabel, type MessagePart } from '../crypto/hmac.js';
import { WebhookVerificationError } from '../errors.js';
import { keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import {
  type DecodedSignature,
  defineWebhookScheme,
  type EncodedForm,
  resolveReplayTtl,
  type WebhookScheme,
} from '../scheme.js';
import { bodyToSend, type SignedHttpRequest } from '../signed-request.js';
import { epochMillis, resolveTolerance } from '../time/timestamps.js';
import { signatureList } from './read-helpers.js';

const NAME = 'fiserv';
const DIGEST_BYTES = 32;

/**
 * How the digest is put in `Message-Signature`. Fiserv's own SDKs disagree:
 * - `base64`: base64 of the 32-byte digest (Node SDK, the tutorial);
 * - `hex-base64`: base64 of the 64-character hex digest (Java SDK, North America docs).
 */
export type FiservSignatureEncoding = 'base64' | 'hex-base64';

/** Options for {@link fiserv}. */
export interface FiservOptions {
  /** The API key sent in `Api-Key`; a list accepts several (a request naming another is `unknown_key`). */
  readonly apiKey: SecretInput;
  /** The API secret (the HMAC key); a list while rotating, newest first. */
  readonly secret: SecretInput;
  /** Seconds of skew allowed each way on `Timestamp` (ms); default 300 like the gateway, `false` disables. */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a `Client-Request-Id`; default and minimum twice the tolerance. */
  readonly replayTtl?: number;
  /** The encoding `sign` produces; verify accepts both. Default `base64`. */
  readonly signatureEncoding?: FiservSignatureEncoding;
}

/** Input to `sign` for {@link fiserv}. */
export interface FiservSignInput {
  /** The body: text or bytes sent as they are, any other value as JSON; omit for GET. */
  readonly body?: unknown;
  /** `Client-Request-Id`; default a fresh UUIDv4. */
  readonly requestId?: string;
  /** `Timestamp` in epoch milliseconds; default now. */
  readonly timestamp?: number;
  /** Overrides the scheme's `signatureEncoding` for this request. */
  readonly encoding?: FiservSignatureEncoding;
}

function fiservMessage(
  apiKey: string,
  requestId: string,
  timestamp: string,
  body: string | Uint8Array,
): MessagePart[] {
  return [
    { label: 'Api-Key', value: apiKey },
    { label: 'Client-Request-Id', value: requestId },
    { label: 'Timestamp', value: timestamp },
    { label: 'body', value: body },
  ];
}

/** Accepts both encodings: 32 decoded bytes are the digest, 64 are its hex text. */
function decodeFiserv(text: string): DecodedSignature[] {
  const bytes = decodeBase64(text);
  if (bytes === undefined) return [];
  if (bytes.length === DIGEST_BYTES * 2) {
    const digest = decodeHex(latin1Text(bytes));
    if (digest !== undefined) return [{ bytes: digest, form: 'base64 of the hex digest' }];
  }
  return [{ bytes, form: 'base64 of the digest' }];
}

/** Fiserv's second encoding: base64 of the hex text (ASCII, so its UTF-8 bytes). */
function hexBase64(digest: Uint8Array): string {
  return encodeDigest(platform.utf8(encodeDigest(digest, 'hex')), 'base64');
}

function encodeFiserv(digest: Uint8Array): EncodedForm[] {
  const hex = encodeDigest(digest, 'hex');
  const label = `${algorithmLabel('sha256')} digest (hex)`;
  return [
    {
      form: 'base64',
      steps: [
        { label, value: hex },
        { label: 'base64 of the 32 digest bytes', value: encodeDigest(digest, 'base64') },
      ],
    },
    {
      form: 'hex-base64',
      steps: [
        { label, value: hex },
        {
          label: 'base64 of the 64 hex characters',
          value: hexBase64(digest),
        },
      ],
    },
  ];
}

function encodeFor(digest: Uint8Array, encoding: FiservSignatureEncoding): string {
  return encoding === 'base64' ? encodeDigest(digest, 'base64') : hexBase64(digest);
}

/**
 * Fiserv IPG Payment Gateway REST API `Message-Signature`:
 * `base64(HMAC-SHA256(api secret, Api-Key + Client-Request-Id + Timestamp + body))`, no
 * separators, body empty for GET, `Timestamp` in epoch milliseconds.
 *
 * Main use: signing outgoing requests to the gateway (`sign` returns the four headers with
 * a fresh UUIDv4 and the current time). Verifying serves services and test doubles that
 * speak the same scheme; like the gateway, it refuses requests more than 5 minutes off and
 * treats `Client-Request-Id` as a nonce. Both of Fiserv's encodings verify.
 *
 * @example
 * ```ts
 * const { headers, body } = sign(fiserv({ apiKey, secret }), { body: { requestType: 'PaymentCardSaleTransaction' } });
 * ```
 */
export function fiserv<TPayload = unknown>(
  options: FiservOptions,
): WebhookScheme<TPayload | undefined, FiservSignInput, SignedHttpRequest> {
  const apiKeys = keysFromSecrets(options.apiKey, 'apiKey', NAME).map((key) => utf8Text(key.bytes));
  const tolerance = resolveTolerance(options.tolerance, NAME);
  const defaultEncoding = options.signatureEncoding ?? 'base64';
  if (defaultEncoding !== 'base64' && defaultEncoding !== 'hex-base64') {
    throw new TypeError(`[hookguard] ${NAME}: signatureEncoding must be 'base64' or 'hex-base64'.`);
  }
  return defineWebhookScheme<TPayload | undefined, FiservSignInput, SignedHttpRequest>({
    name: NAME,
    provider: 'fiserv',
    mediaType: 'json',
    algorithm: 'sha256',
    keys: keysFromSecrets(options.secret, 'secret', NAME),
    tolerance,
    replayBy: 'digest',
    replayTtlSeconds: resolveReplayTtl(tolerance, options.replayTtl, NAME),
    signatureFormat: 'base64 (of the digest, or of its hex text)',
    read(request) {
      const apiKey = request.requireHeader('api-key');
      if (!apiKeys.includes(apiKey)) {
        throw new WebhookVerificationError(
          'unknown_key',
          'the Api-Key header names no configured API key.',
          {
            provider: NAME,
          },
        );
      }
      const requestId = request.requireHeader('client-request-id');
      const timestamp = request.requireHeader('timestamp');
      return {
        signatures: signatureList(request.header('message-signature')),
        signatureSource: 'the Message-Signature header',
        timestamp: epochMillis(timestamp),
        message: fiservMessage(apiKey, requestId, timestamp, request.body),
        // Signed, and the gateway's nonce: a re-signed retry with the same id is a replay too.
        deliveryId: `${apiKey}:${requestId}`,
        payload: () => (request.body.length === 0 ? undefined : (request.json() as TPayload)),
      };
    },
    decode: decodeFiserv,
    encode: encodeFiserv,
    sign(input, context) {
      const body = bodyToSend(input.body);
      const requestId = input.requestId ?? context.randomUUID();
      const timestamp = String(input.timestamp ?? context.now);
      const apiKey = apiKeys[0] as string;
      const digest = context.digest(
        fiservMessage(apiKey, requestId, timestamp, body),
        context.key(),
      );
      const headers: Record<string, string> = {
        'api-key': apiKey,
        'client-request-id': requestId,
        timestamp,
        'message-signature': encodeFor(digest, input.encoding ?? defaultEncoding),
      };
      if (body.length > 0) headers['content-type'] = 'application/json';
      return { headers, body };
    },
  });
}

/** Fiserv in the list of providers. */
export const FISERV_PROVIDER = {
  id: NAME,
  title: 'Fiserv IPG REST API Message-Signature',
  vendor: 'fiserv',
  family: 'hmac',
  docs: 'https://docs.fiserv.dev/public/docs/message-signature',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'FISERV_API_SECRET',
      secret: true,
      format: 'list',
      description: 'API secret',
      demo: 'demo-fiserv-api-secret',
    },
    {
      option: 'apiKey',
      env: 'FISERV_API_KEY',
      secret: false,
      flag: '--api-key',
      format: 'list',
      description: 'API key (sent in Api-Key)',
      demo: 'demo-fiserv-api-key',
    },
  ],
  factory: fiserv,
  route: '/webhooks/fiserv',
  sample: (now) => ({
    body: {
      requestType: 'PaymentCardSaleTransaction',
      transactionAmount: { total: '13', currency: 'GBP' },
    },
    timestamp: now,
  }),
  // No body: a GET, signed over an empty body.
  signInput: (body) => (body.length === 0 ? {} : { body: bodyText(body) }),
  checkedAgainst: { vector: "the specification, in both of Fiserv's SDKs' encodings (Node, Java)" },
} as const satisfies ProviderDefinition;
