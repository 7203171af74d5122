import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link shopify}. */
export interface ShopifyOptions {
  /** The app's client secret (or the store's webhook signing secret); a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Shopify: `X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(secret, body))`. Nothing is signed
 * but the body, so replays are refused by the matched digest for 24 h: two deliveries with
 * byte-identical bodies are one delivery here, whatever their `X-Shopify-Topic` or
 * `X-Shopify-Webhook-Id` (neither is signed, so a replay could carry any value in them).
 */
export function shopify<TPayload = unknown>(
  options: ShopifyOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'shopify',
    secret: options.secret,
    encoding: 'base64',
    signature: { header: 'x-shopify-hmac-sha256' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Shopify in the list of providers. */
export const SHOPIFY_PROVIDER = {
  id: 'shopify',
  title: 'Shopify webhooks',
  vendor: 'shopify',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'SHOPIFY_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'client secret',
      demo: 'demo-shopify-secret',
    },
  ],
  factory: shopify,
  route: '/webhooks/shopify',
  sample: (now) => paymentEvent('shopify', now),
  signInput: jsonSignInput,
  checkedAgainst: { vector: 'independent vectors (Shopify publishes no Node verifier)' },
} as const satisfies ProviderDefinition;
