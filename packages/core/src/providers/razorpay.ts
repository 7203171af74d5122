import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link razorpay}. */
export interface RazorpayOptions {
  /** The webhook secret set in the dashboard; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Razorpay: `X-Razorpay-Signature: hex(HMAC-SHA256(secret, body))`. Nothing is timestamped,
 * so replays are refused by the matched digest for 24 h (`X-Razorpay-Event-Id` is not
 * signed, so it does not decide whether a delivery is new). Checked against the `razorpay` SDK's `validateWebhookSignature`.
 */
export function razorpay<TPayload = unknown>(
  options: RazorpayOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'razorpay',
    secret: options.secret,
    signature: { header: 'x-razorpay-signature' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}
