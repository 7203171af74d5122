import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link stripe}. */
export interface StripeOptions {
  /** The endpoint's signing secret, `whsec_…`, used as is; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds of skew allowed each way; default 300 (Stripe's SDK checks only the past). */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
}

/**
 * Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=…]`, each `v1` the hex
 * HMAC-SHA256 of `t + "." + body` with the `whsec_…` secret as is; any `v1` may match
 * (Stripe sends several while you roll a secret). Replays are refused by the event's `id`,
 * which the signed body carries and Stripe keeps across its re-signed retries (Stripe's
 * docs advise deduplicating on it); a body without one falls back to the signed message. Checked against stripe-node's
 * `generateTestHeaderString` and `constructEvent`.
 *
 * @example
 * ```ts
 * const scheme = stripe({ secret: process.env.STRIPE_WEBHOOK_SECRET! });
 * ```
 */
export function stripe<TPayload = unknown>(
  options: StripeOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'stripe',
    secret: options.secret,
    signature: { header: 'stripe-signature', list: { separator: ',', assign: '=', version: 'v1' } },
    timestamp: { listEntry: 't', unit: 's' },
    message: '{timestamp}.{body}',
    // Stripe re-signs each retry with a new `t`; the event id in the signed body stays.
    replay: { bodyField: 'id' },
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Stripe in the list of providers. */
export const STRIPE_PROVIDER = {
  id: 'stripe',
  title: 'Stripe webhooks',
  vendor: 'stripe',
  family: 'hmac',
  docs: 'https://docs.stripe.com/webhooks#verify-manually',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'STRIPE_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'endpoint signing secret, whsec_…',
      demo: 'whsec_demo_stripe_secret',
    },
  ],
  factory: stripe,
  route: '/webhooks/stripe',
  sample: (now) => paymentEvent('stripe', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors',
    sdk: { package: 'stripe', functions: ['generateTestHeaderString', 'constructEvent'] },
  },
} as const satisfies ProviderDefinition;
