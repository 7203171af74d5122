import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { HmacAlgorithm } from '../crypto/hmac.js';
import { emptyReply, type Handshake } from '../handshake/handshake.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

const FORM = 'application/x-www-form-urlencoded';
const SIGNATURE_HEADER = 'x-wc-webhook-signature';

/**
 * The ping WooCommerce sends when a webhook is created or first activated
 * (`WC_Webhook::deliver_ping`): a form POST `webhook_id=<id>` with no signature at all,
 * which WooCommerce counts as delivered only if the answer is exactly 200 (else the admin
 * shows "Delivery URL returned response code" and the webhook stays pending). It is
 * answered with an empty 200 before any signature check and reaches no handler, so a
 * forged ping learns only that the route is up. A request carrying the signature header is
 * never taken for it.
 */
const WOOCOMMERCE_PING: Handshake = {
  name: 'woocommerce.ping',
  signed: false,
  arrives: 'POST webhook_id=<id> (a form, not signed)',
  answer(request) {
    if (request.method !== 'POST' || request.header(SIGNATURE_HEADER) !== undefined)
      return undefined;
    const type = request.header('content-type')?.split(';', 1)[0]?.trim().toLowerCase();
    if (type !== FORM) return undefined;
    return /^[0-9]{1,20}$/.test(request.formField('webhook_id') ?? '') ? emptyReply() : undefined;
  },
};

/** Options for {@link woocommerce}. */
export interface WoocommerceOptions {
  /**
   * The webhook's secret as WooCommerce's settings show it, used as text; a list while
   * rotating. Left blank there, WooCommerce generates 50 characters that may include
   * spaces and commas.
   */
  readonly secret: SecretInput;
  /**
   * Default `sha256`, WooCommerce's; set it only if the site changes it with the
   * `woocommerce_webhook_hash_algorithm` filter.
   */
  readonly algorithm?: HmacAlgorithm;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * WooCommerce: `X-WC-Webhook-Signature: <base64 HMAC-SHA256(secret, body)>` over the body
 * as sent, `trim(wp_json_encode($payload))` (woocommerce `WC_Webhook::deliver` and
 * `generate_signature`; REST API docs, "Webhooks"). That JSON escapes `/` and non-ASCII
 * characters (`https:\/\/…`, `\u00e9`), which a re-serialised payload would not: the raw
 * bytes are checked. The algorithm can be changed by a site filter, so it is an option
 * (`sha256` by default). WooCommerce signs with its stored secret HTML-decoded
 * (`wp_specialchars_decode`): configure the decoded text. Nothing is timestamped, so replays
 * are refused by the matched digest for 24 h; `X-WC-Webhook-Delivery-ID`, `-ID`, `-Topic`,
 * `-Resource`, `-Event` and `-Source` are not signed, so none decides whether a delivery is
 * new, and the same body under another topic is `replayed`. The creation ping
 * (`webhook_id=<id>`, unsigned) is answered with the 200 WooCommerce requires; to let its
 * form through, the route takes a form as well as JSON (only the ping is ever a form).
 * WooCommerce publishes no Node verifier and no signed example: the vectors are independent.
 *
 * @example
 * ```ts
 * const scheme = woocommerce({ secret: process.env.WOOCOMMERCE_WEBHOOK_SECRET! });
 * ```
 */
export function woocommerce<TPayload = unknown>(
  options: WoocommerceOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'woocommerce',
    secret: options.secret,
    algorithm: options.algorithm ?? 'sha256',
    encoding: 'base64',
    mediaType: 'either',
    signature: { header: SIGNATURE_HEADER },
    handshakes: [WOOCOMMERCE_PING],
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** WooCommerce in the list of providers. */
export const WOOCOMMERCE_PROVIDER = {
  id: 'woocommerce',
  title: 'WooCommerce webhooks',
  vendor: 'woocommerce',
  family: 'hmac',
  docs: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks',
  verifies: true,
  mediaType: 'either',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'WOOCOMMERCE_WEBHOOK_SECRET',
      secret: true,
      // Taken whole: a secret WooCommerce generates may contain commas and spaces.
      format: 'text',
      description: 'webhook secret',
      demo: 'demo-woocommerce-secret',
    },
  ],
  factory: woocommerce,
  route: '/webhooks/woocommerce',
  sample: (now) => paymentEvent('woocommerce', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'WooCommerce publishes no Node verifier and no example signature.',
    vector:
      'independent vectors: HMAC-SHA256, base64, through node:crypto over bodies encoded as wp_json_encode does (test/vectors/generate-woocommerce.mjs)',
  },
} as const satisfies ProviderDefinition;
