import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link razorpay}. */
export interface RazorpayOptions {
  /** The webhook secret set in the dashboard; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers an event id (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Razorpay: `X-Razorpay-Signature: hex(HMAC-SHA256(secret, body))`. Nothing is timestamped,
 * so replays are refused by `X-Razorpay-Event-Id` (or the signature when it is absent) for
 * 24 h. Checked against the `razorpay` SDK's `validateWebhookSignature`.
 */
export function razorpay<TPayload = unknown>(
  options: RazorpayOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'razorpay',
    secret: options.secret,
    signature: { header: 'x-razorpay-signature' },
    replay: { header: 'x-razorpay-event-id' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}
