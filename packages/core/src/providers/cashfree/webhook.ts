import type { ProviderDefinition } from '../../catalog/provider-entry.js';
import { jsonSignInput } from '../../catalog/sign-inputs.js';
import { encodeDigest } from '../../crypto/encoding.js';
import { decodePlain, encodePlain } from '../../crypto/signature-forms.js';
import { keysFromSecrets, type SecretInput } from '../../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../../scheme.js';
import { bodyToSend, type SignedHttpRequest } from '../../signed-request.js';
import { epochMillis, resolveTolerance } from '../../time/timestamps.js';
import { signatureList } from '../read-helpers.js';

const NAME = 'cashfree.webhook';
/** The webhook version header Cashfree sends with 2023-08-01+ payloads. */
export const CASHFREE_WEBHOOK_VERSION = '2023-08-01';

/** Options for {@link webhook}. */
export interface CashfreeWebhookOptions {
  /** The client secret (`x-client-secret`); a list while rotating, newest first. */
  readonly secret: SecretInput;
  /** Seconds of skew allowed each way on `x-webhook-timestamp`; default 300, `false` disables. */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default and minimum twice the tolerance. */
  readonly replayTtl?: number;
}

/** Input to `sign` for {@link webhook}. */
export interface CashfreeWebhookSignInput {
  /** The body: text or bytes are sent as they are, any other value as JSON. */
  readonly body: unknown;
  /** `x-webhook-timestamp` in epoch milliseconds; default now. */
  readonly timestamp?: number;
  /** `x-webhook-version`; default `2023-08-01`. */
  readonly version?: string;
}

/**
 * Cashfree Payment Gateway webhooks (also Payouts V2, Secure ID, Subscriptions 2023-08+):
 * `x-webhook-signature = base64(HMAC-SHA256(client secret, x-webhook-timestamp + raw body))`.
 *
 * The docs write `$timestamp.$payload`: that is PHP's concatenation operator, not a dot.
 * Cashfree documents no time window and its SDK checks none; hookguard applies 300 s
 * each way to the millisecond timestamp and deduplicates on the signature.
 *
 * @example
 * ```ts
 * const scheme = cashfree.webhook({ secret: process.env.CASHFREE_CLIENT_SECRET! });
 * const { payload } = await verify(scheme, request);
 * ```
 */
export function webhook<TPayload = unknown>(
  options: CashfreeWebhookOptions,
): WebhookScheme<TPayload, CashfreeWebhookSignInput, SignedHttpRequest> {
  const tolerance = resolveTolerance(options.tolerance, NAME);
  return defineWebhookScheme<TPayload, CashfreeWebhookSignInput, SignedHttpRequest>({
    name: NAME,
    provider: 'cashfree',
    mediaType: 'json',
    algorithm: 'sha256',
    keys: keysFromSecrets(options.secret, 'secret', NAME),
    tolerance,
    replayBy: 'digest',
    replayTtlSeconds: resolveReplayTtl(tolerance, options.replayTtl, NAME),
    signatureFormat: 'base64',
    read(request) {
      const signature = request.header('x-webhook-signature');
      const timestamp = request.requireHeader('x-webhook-timestamp');
      return {
        signatures: signatureList(signature),
        signatureSource: 'the x-webhook-signature header',
        timestamp: epochMillis(timestamp),
        message: [
          { label: 'x-webhook-timestamp', value: timestamp },
          { label: 'body', value: request.body },
        ],
        payload: () => request.json() as TPayload,
      };
    },
    decode: decodePlain('base64'),
    encode: encodePlain('base64', 'sha256'),
    sign(input, context) {
      const body = bodyToSend(input.body);
      const timestamp = String(input.timestamp ?? context.now);
      const digest = context.digest(
        [
          { label: 'x-webhook-timestamp', value: timestamp },
          { label: 'body', value: body },
        ],
        context.key(),
      );
      return {
        headers: {
          'content-type': 'application/json',
          'x-webhook-signature': encodeDigest(digest, 'base64'),
          'x-webhook-timestamp': timestamp,
          'x-webhook-version': input.version ?? CASHFREE_WEBHOOK_VERSION,
        },
        body,
      };
    },
  });
}

/** Cashfree's PG webhook in the list of providers. */
export const CASHFREE_WEBHOOK_PROVIDER = {
  id: NAME,
  title: 'Cashfree Payment Gateway webhooks',
  vendor: 'cashfree',
  family: 'hmac',
  docs: 'https://www.cashfree.com/docs/payments/online/webhooks/signature-verification',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'CASHFREE_CLIENT_SECRET',
      secret: true,
      format: 'list',
      description: 'client secret',
      demo: 'demo-cashfree-client-secret',
    },
  ],
  factory: webhook,
  route: '/webhooks/cashfree',
  sample: (now) => ({
    body: {
      type: 'PAYMENT_SUCCESS_WEBHOOK',
      data: { order: { order_id: 'order_demo_1', order_amount: 100 } },
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'the specification',
    sdk: { package: 'cashfree-pg', functions: ['PGVerifyWebhookSignature'] },
  },
} as const satisfies ProviderDefinition;
