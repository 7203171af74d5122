import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link coinbaseCommerce}. */
export interface CoinbaseCommerceOptions {
  /** The webhook shared secret (Settings › Notifications), used as is; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Coinbase Commerce: `X-CC-Webhook-Signature: hex(HMAC-SHA256(shared secret, body))`
 * (docs.cdp.coinbase.com/commerce/api-arcitecture/webhooks-security). Nothing is
 * timestamped, so replays are refused by the matched digest for 24 h. Each retry carries a
 * new `attempt_number` in the signed body, so it is a new digest and is let through: the
 * event's `id` (inside `event`, and so signed) is what a handler deduplicates on. Checked
 * against the vector in `coinbase-commerce-node`'s webhook tests, and its
 * `Webhook.verifySigHeader` and `Webhook.computeSignature`.
 *
 * @example
 * ```ts
 * const scheme = coinbaseCommerce({ secret: process.env.COINBASE_COMMERCE_WEBHOOK_SECRET! });
 * ```
 */
export function coinbaseCommerce<TPayload = unknown>(
  options: CoinbaseCommerceOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'coinbase-commerce',
    secret: options.secret,
    signature: { header: 'x-cc-webhook-signature' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Coinbase Commerce in the list of providers. */
export const COINBASE_COMMERCE_PROVIDER = {
  id: 'coinbase-commerce',
  title: 'Coinbase Commerce webhooks',
  vendor: 'coinbase-commerce',
  family: 'hmac',
  docs: 'https://docs.cdp.coinbase.com/commerce/api-arcitecture/webhooks-security',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'COINBASE_COMMERCE_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook shared secret',
      demo: 'demo-coinbase-commerce-secret',
    },
  ],
  factory: coinbaseCommerce,
  route: '/webhooks/coinbase-commerce',
  sample: (now) => paymentEvent('coinbase-commerce', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "the vector in coinbase-commerce-node's webhook tests",
    sdk: {
      package: 'coinbase-commerce-node',
      functions: ['Webhook.verifySigHeader', 'Webhook.computeSignature'],
    },
  },
} as const satisfies ProviderDefinition;
