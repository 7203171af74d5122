import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link paystack}. */
export interface PaystackOptions {
  /** Your secret key (`sk_live_…`), the HMAC key Paystack uses; a list while rotating. */
  readonly secretKey: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Paystack: `x-paystack-signature: hex(HMAC-SHA512(secret key, body))`. Nothing is
 * timestamped, so replays are refused by the matched digest for 24 h. Paystack publishes no
 * Node SDK to check against; the vectors were computed independently in Python.
 */
export function paystack<TPayload = unknown>(
  options: PaystackOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'paystack',
    secret: options.secretKey,
    algorithm: 'sha512',
    signature: { header: 'x-paystack-signature' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Paystack in the list of providers. */
export const PAYSTACK_PROVIDER = {
  id: 'paystack',
  title: 'Paystack webhooks',
  vendor: 'paystack',
  family: 'hmac',
  docs: 'https://paystack.com/docs/payments/webhooks/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secretKey',
      env: 'PAYSTACK_SECRET_KEY',
      secret: true,
      format: 'list',
      description: 'secret key',
      demo: 'sk_test_demo_paystack',
    },
  ],
  factory: paystack,
  route: '/webhooks/paystack',
  sample: (now) => paymentEvent('paystack', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Paystack publishes no Node SDK verifier and no signed example.',
    vector: 'independent vectors (Paystack publishes no Node SDK)',
  },
} as const satisfies ProviderDefinition;
