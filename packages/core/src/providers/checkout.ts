import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link checkout}. */
export interface CheckoutOptions {
  /** The signature key set on the workflow's webhook action, used as text; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Checkout.com (Workflows webhooks): `Cko-Signature: <hex HMAC-SHA256(signature key, body)>`,
 * over the raw body ("we recommend that you perform the signature calculation based on the
 * raw body"; checkout.com/docs/developer-resources/webhooks/manage-webhooks/set-up-your-webhook-receiver).
 * Nothing is timestamped, so replays are refused by the matched digest for 24 h. Checkout.com
 * resends an unacknowledged webhook up to eight times over about 30 hours; a resend after
 * 24 h of one you did acknowledge would pass as new, so raise `replayTtl` (or dedupe on the
 * event `id`) if that matters. The optional `Authorization` header you may configure on the
 * workflow is a static token, not checked here. Checkout.com publishes no Node verifier
 * (`checkout-sdk-node` has none) and no signed example: the vectors are independent.
 *
 * @example
 * ```ts
 * const scheme = checkout({ secret: process.env.CHECKOUT_WEBHOOK_SECRET! });
 * ```
 */
export function checkout<TPayload = unknown>(
  options: CheckoutOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'checkout',
    secret: options.secret,
    signature: { header: 'cko-signature' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Checkout.com in the list of providers. */
export const CHECKOUT_PROVIDER = {
  id: 'checkout',
  title: 'Checkout.com webhooks',
  vendor: 'checkout',
  family: 'hmac',
  docs: 'https://www.checkout.com/docs/developer-resources/webhooks/manage-webhooks/set-up-your-webhook-receiver',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'CHECKOUT_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: "signature key of the workflow's webhook action",
      demo: 'demo-checkout-signature-key',
    },
  ],
  factory: checkout,
  route: '/webhooks/checkout',
  sample: (now) => paymentEvent('checkout', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Checkout.com publishes neither a Node verifier nor a signed example.',

    vector:
      'independent vectors, computed with node:crypto (Checkout.com publishes neither a Node verifier nor a signed example)',
  },
} as const satisfies ProviderDefinition;
