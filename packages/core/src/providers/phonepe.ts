import { platform } from '#platform';
import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { decodeBase64, utf8Text } from '../crypto/encoding.js';
import { WebhookVerificationError } from '../errors.js';
import { keysFromKeyRing, keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import type { IncomingWebhook } from '../request/incoming-webhook.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { SALT, type SaltedHashSignInput, saltedHash } from './salted-hash.js';

/** Options for {@link phonepe}. */
export interface PhonepeOptions {
  /** The webhook's username, as entered in the PhonePe dashboard. */
  readonly username: string;
  /** The webhook's password, as entered there; a list while rotating. */
  readonly password: SecretInput;
  /** Seconds a replay store remembers a body (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** Options for {@link phonepe.v1}. */
export interface PhonepeV1Options {
  /** The salt keys PhonePe issued, by salt index: `{ 1: '…' }`; several while rotating. */
  readonly saltKeys: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /** Seconds a replay store remembers a callback (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * PhonePe PG v2 callbacks (`pg-sdk-node`): `Authorization: <hex SHA256(username:password)>`,
 * the username and password configured for the webhook in PhonePe's dashboard
 * (`StandardCheckoutClient.validateCallback` compares exactly that, through
 * `CommonUtils.isCallbackValid`). **It is not a signature**: the same value comes with every
 * callback, and the body is not covered, so anyone who sees one callback can send any body
 * with it. hookguard compares it in constant time, never shows it, and deduplicates on the
 * SHA-256 of the body (deduplication, not replay protection). Confirm the order with
 * PhonePe's Order Status API before acting on money, as PhonePe advises. (PhonePe also
 * offers HMAC-signed webhooks configured in the dashboard; that scheme is not this one.)
 * Checked against `pg-sdk-node`'s `validateCallback`, both ways.
 *
 * @example
 * ```ts
 * const scheme = phonepe({
 *   username: process.env.PHONEPE_WEBHOOK_USERNAME!,
 *   password: process.env.PHONEPE_WEBHOOK_PASSWORD!,
 * });
 * ```
 */
function phonepeV2<TPayload = unknown>(
  options: PhonepeOptions,
): WebhookScheme<TPayload, SaltedHashSignInput, SignedHttpRequest> {
  const username = options?.username;
  if (typeof username !== 'string' || username === '') {
    throw new TypeError("[hookguard] phonepe: username is required: the webhook's username.");
  }
  return saltedHash<TPayload>({
    name: 'phonepe',
    mediaType: 'json',
    keys: keysFromSecrets(options.password, 'password', 'phonepe'),
    algorithm: 'sha256',
    signature: { header: 'authorization' },
    message: [username, ':', SALT],
    replayTtl: options.replayTtl,
  });
}

/** PhonePe v1's payload: the `response` field, base64 of the JSON that was hashed. */
function decodedResponse(fields: Readonly<Record<string, unknown>>, request: IncomingWebhook) {
  const response = fields.response;
  const bytes = typeof response === 'string' ? decodeBase64(response) : undefined;
  if (bytes !== undefined) {
    try {
      return JSON.parse(utf8Text(bytes)) as unknown;
    } catch {
      // Reported below.
    }
  }
  throw new WebhookVerificationError(
    'malformed_request',
    'the response field is not the base64 of a JSON document.',
    { provider: request.provider },
  );
}

/**
 * PhonePe PG v1 server-to-server callbacks: the body is `{"response": "<base64 of the JSON
 * result>"}` and `X-VERIFY: <hex SHA256(response + salt key)>###<salt index>`, the salt
 * index naming which of the merchant's salt keys was used (developer.phonepe.com, "Server to
 * Server Callback" and "Validating the X-Verify"). A salted hash, not an HMAC, over the whole
 * `response`: everything the callback says is covered. The handler gets the decoded JSON of
 * `response`, not the envelope; a `response` that is not base64 of JSON is
 * `malformed_request`. Replays are keyed on `response` (24 h; nothing is timestamped). An
 * unknown salt index is `unknown_key`. PhonePe's published examples omit the salt key, and
 * `pg-sdk-node` 2.x has no v1 verifier: checked against independent vectors (node:crypto).
 *
 * @example
 * ```ts
 * const scheme = phonepe.v1({ saltKeys: { 1: process.env.PHONEPE_SALT_KEY! } });
 * ```
 */
function phonepeV1<TPayload = unknown>(
  options: PhonepeV1Options,
): WebhookScheme<TPayload, SaltedHashSignInput, SignedHttpRequest> {
  return saltedHash<TPayload>({
    name: 'phonepe.v1',
    provider: 'phonepe',
    mediaType: 'json',
    keys: keysFromKeyRing(options?.saltKeys, 'saltKeys', 'phonepe.v1'),
    algorithm: 'sha256',
    signature: { header: 'x-verify', keyId: { separator: '###' } },
    message: [{ field: 'response' }, SALT],
    replayTtl: options.replayTtl,
    payload: (fields, request) => decodedResponse(fields, request) as TPayload,
  });
}

/**
 * PhonePe's callbacks. Choose the one the route receives; never detect it from the request.
 *
 * - `phonepe({ username, password })`: PG v2 (`pg-sdk-node`), `Authorization` header.
 * - `phonepe.v1({ saltKeys })`: PG v1 server-to-server callbacks, `X-VERIFY` header.
 */
export const phonepe: typeof phonepeV2 & { readonly v1: typeof phonepeV1 } = Object.assign(
  phonepeV2,
  { v1: phonepeV1 },
);

/** PhonePe PG v2 in the list of providers. */
export const PHONEPE_PROVIDER = {
  id: 'phonepe',
  title: 'PhonePe PG v2 callbacks (Authorization: SHA-256 of username:password)',
  vendor: 'phonepe',
  family: 'salted-hash',
  docs: 'https://developer.phonepe.com/payment-gateway/website-integration/standard-checkout/api-integration/api-reference-guvnl/webhook',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'username',
      env: 'PHONEPE_WEBHOOK_USERNAME',
      secret: false,
      flag: '--username',
      format: 'text',
      description: 'webhook username',
      demo: 'demo-phonepe-user',
    },
    {
      option: 'password',
      env: 'PHONEPE_WEBHOOK_PASSWORD',
      secret: true,
      format: 'list',
      description: 'webhook password',
      demo: 'demo-phonepe-password',
    },
  ],
  factory: phonepeV2,
  route: '/webhooks/phonepe',
  sample: (now) => ({
    body: {
      event: 'checkout.order.completed',
      payload: {
        merchantOrderId: `order-${now}`,
        orderId: `OMO${now}`,
        state: 'COMPLETED',
        amount: 100,
        paymentDetails: [{ paymentMode: 'UPI_QR', amount: 100, state: 'COMPLETED' }],
      },
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      "independent vectors: SHA-256 through node:crypto, checked by pg-sdk-node's validateCallback (test/vectors/generate-phonepe.mjs)",
    sdk: { package: 'pg-sdk-node', functions: ['StandardCheckoutClient.validateCallback'] },
  },
} as const satisfies ProviderDefinition;

/** The sign input of a PhonePe v1 callback: the result JSON, base64 in `response`. */
function v1Callback(result: unknown): { body: { response: string } } {
  const json = typeof result === 'string' ? result : JSON.stringify(result);
  return { body: { response: platform.toBase64(platform.utf8(json), false) } };
}

/** PhonePe PG v1 in the list of providers. */
export const PHONEPE_V1_PROVIDER = {
  id: 'phonepe.v1',
  title: 'PhonePe PG v1 server-to-server callbacks (X-VERIFY)',
  vendor: 'phonepe',
  family: 'salted-hash',
  docs: 'https://developer.phonepe.com/v1/reference/server-to-server-callback-5',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'saltKeys',
      env: 'PHONEPE_SALT_KEYS',
      secret: true,
      format: 'key-ring',
      description: 'salt keys by salt index, index:key,index:key',
      demo: '1:demo-phonepe-salt-key',
    },
  ],
  factory: phonepeV1,
  route: '/webhooks/phonepe/v1',
  sample: (now) =>
    v1Callback({
      success: true,
      code: 'PAYMENT_SUCCESS',
      message: 'Your request has been successfully completed.',
      data: {
        merchantId: 'DEMOMERCHANT',
        merchantTransactionId: `MT${now}`,
        transactionId: `T${now}`,
        amount: 100,
        state: 'COMPLETED',
        responseCode: 'SUCCESS',
      },
    }),
  // A body given to the CLI is the result JSON itself; it is sent base64 in `response`.
  signInput: (body) => v1Callback(body.length === 0 ? '{}' : utf8Text(body)),
  checkedAgainst: {
    none: "PhonePe's published X-VERIFY examples leave out the salt key, and pg-sdk-node 2.x has no v1 verifier.",
    vector: 'independent vectors: SHA-256 through node:crypto (test/vectors/generate-phonepe.mjs)',
  },
} as const satisfies ProviderDefinition;
