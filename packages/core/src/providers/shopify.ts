import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link shopify}. */
export interface ShopifyOptions {
  /** The app's client secret (or the store's webhook signing secret); a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a webhook id (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Shopify: `X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(secret, body))`. Nothing is signed
 * but the body, so replays are refused by `X-Shopify-Webhook-Id` for 24 h.
 */
export function shopify<TPayload = unknown>(
  options: ShopifyOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'shopify',
    secret: options.secret,
    encoding: 'base64',
    signature: { header: 'x-shopify-hmac-sha256' },
    replay: { header: 'x-shopify-webhook-id' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}
