import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
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

/** Razorpay in the list of providers. */
export const RAZORPAY_PROVIDER = {
  id: 'razorpay',
  title: 'Razorpay webhooks',
  vendor: 'razorpay',
  family: 'hmac',
  docs: 'https://razorpay.com/docs/webhooks/validate-test/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'RAZORPAY_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook secret',
      demo: 'demo-razorpay-secret',
    },
  ],
  factory: razorpay,
  route: '/webhooks/razorpay',
  sample: (now) => paymentEvent('razorpay', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors',
    sdk: { package: 'razorpay', functions: ['validateWebhookSignature'] },
  },
} as const satisfies ProviderDefinition;
