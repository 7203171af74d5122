import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link paddle}. */
export interface PaddleOptions {
  /**
   * The notification destination's secret key (`pdl_ntfset_…`), used as is; a list while
   * rotating. Each destination has its own.
   */
  readonly secret: SecretInput;
  /**
   * Seconds of skew allowed each way on `ts`; default 300. Paddle's SDKs allow five seconds,
   * past only: `tolerance: 5` matches them, at the cost of refusing deliveries whenever your
   * clock or queue lags Paddle's by more than that.
   */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default twice the tolerance. */
  readonly replayTtl?: number;
}

/**
 * Paddle Billing: `Paddle-Signature: ts=<unix seconds>;h1=<hex>[;h1=…]`, each `h1` the hex
 * HMAC-SHA256 of `ts + ":" + body` with the destination's secret key as is
 * (developer.paddle.com/webhooks/signature-verification: "Signatures contain at least one
 * `h1`"); any `h1` may match, other entries (`h2=…`) are ignored.
 *
 * Replays are refused by the body's `notification_id` (signed), which Paddle keeps across
 * its retries of one notification; a replay you ask Paddle for is a new notification with a
 * new id, and is let through. Not `event_id`: one event becomes one notification per
 * destination. A body without the id falls back to the signed message. The window is
 * 300 s each way, not the five seconds (past only) of Paddle's SDKs: within it the replay
 * store refuses a copy, so the short window would add little but refusals on a lagging
 * clock (`tolerance: 5` restores it).
 *
 * Paddle Classic's `p_signature` (RSA over a PHP-serialised form) is another scheme, not
 * this one. Checked against Paddle's vectors in `@paddle/paddle-node-sdk`'s webhook
 * validator tests, and against its `Webhooks.unmarshal` and `isSignatureValid`.
 *
 * @example
 * ```ts
 * const scheme = paddle({ secret: process.env.PADDLE_WEBHOOK_SECRET! });
 * ```
 */
export function paddle<TPayload = unknown>(
  options: PaddleOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'paddle',
    secret: options.secret,
    signature: {
      header: 'paddle-signature',
      list: { separator: ';', assign: '=', version: 'h1' },
    },
    timestamp: { listEntry: 'ts', unit: 's' },
    message: '{timestamp}:{body}',
    // A retry of one notification keeps its notification_id; its ts and h1 are new.
    replay: { bodyField: 'notification_id' },
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Paddle Billing in the list of providers. */
export const PADDLE_PROVIDER = {
  id: 'paddle',
  title: 'Paddle Billing webhooks',
  vendor: 'paddle',
  family: 'hmac',
  docs: 'https://developer.paddle.com/webhooks/signature-verification',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'PADDLE_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'notification destination secret key, pdl_ntfset_…',
      demo: 'pdl_ntfset_demo_paddle_secret',
    },
  ],
  factory: paddle,
  route: '/webhooks/paddle',
  sample: (now) => {
    const event = paymentEvent('paddle', now);
    return { ...event, body: { ...event.body, notification_id: `ntf_paddle_${now}` } };
  },
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "Paddle's vectors from @paddle/paddle-node-sdk's webhook validator tests",
    sdk: {
      package: '@paddle/paddle-node-sdk',
      functions: ['Webhooks.unmarshal', 'Webhooks.isSignatureValid'],
    },
  },
} as const satisfies ProviderDefinition;
