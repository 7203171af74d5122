import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import {
  defineWebhookScheme,
  type WebhookDefinition,
  type WebhookScheme,
  webhookDefinitionOf,
} from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** The header Shopify now signs in (its `shopify-*` header format). */
const SIGNATURE_HEADER = 'shopify-hmac-sha256';
/** The header of the `X-Shopify-*` format, still sent and still accepted. */
const LEGACY_SIGNATURE_HEADER = 'x-shopify-hmac-sha256';

/** Options for {@link shopify}. */
export interface ShopifyOptions {
  /** The app's client secret (or the store's webhook signing secret); a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Shopify: `base64(HMAC-SHA256(secret, body))` in `shopify-hmac-sha256` (the `shopify-*`
 * header format) or `X-Shopify-Hmac-Sha256` (the `X-Shopify-*` one). Where a request
 * carries `shopify-hmac-sha256` at all (even empty), only it is checked, as Shopify's own
 * libraries give the new format precedence (`@shopify/shopify-api` 13 `detectWebhookType`,
 * the `shopify_api` gem 16.2 `shopify_header`): a request is never accepted because the
 * other header matched. `sign` writes `x-shopify-hmac-sha256`.
 * Nothing is signed but the body, so replays are refused by the matched digest for 24 h,
 * which is the same under either header name: two deliveries with byte-identical bodies
 * are one delivery here, whatever their topic or webhook id headers in either format
 * (none is signed, so a replay could carry any value in them).
 */
export function shopify<TPayload = unknown>(
  options: ShopifyOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  // Two readings of one scheme: the same secret, body and digest, another header name.
  const scheme = (header: string) =>
    webhookDefinitionOf(
      hmac<TPayload>({
        name: 'shopify',
        secret: options.secret,
        encoding: 'base64',
        signature: { header },
        ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
      }),
    ) as WebhookDefinition<TPayload, HmacSignInput, SignedHttpRequest>;
  const current = scheme(SIGNATURE_HEADER);
  const legacy = scheme(LEGACY_SIGNATURE_HEADER);
  return defineWebhookScheme({
    ...legacy,
    read(request) {
      // Present at all, even empty or repeated, the new header decides: an empty one is
      // missing_signature and a repeated one malformed_request, never a fall back.
      return request.header(SIGNATURE_HEADER) === undefined
        ? legacy.read(request)
        : current.read(request);
    },
  });
}

/** Shopify in the list of providers. */
export const SHOPIFY_PROVIDER = {
  id: 'shopify',
  title: 'Shopify webhooks',
  vendor: 'shopify',
  family: 'hmac',
  docs: 'https://shopify.dev/docs/apps/build/webhooks/subscribe/https',
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
  checkedAgainst: {
    vector:
      "the HMAC in @shopify/shopify-api's webhook tests, under both header formats; independent vectors",
  },
} as const satisfies ProviderDefinition;
