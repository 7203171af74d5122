import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { isoSeconds } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link airwallex}. */
export interface AirwallexOptions {
  /** The notification URL's webhook secret (`whsec_…`), used as text; a list while rotating. */
  readonly secret: SecretInput;
  /**
   * Seconds of skew allowed each way on `x-timestamp`; default 300. Airwallex documents no
   * window, and does not say whether a retry carries a fresh `x-timestamp`; if your logs show
   * retries keeping the first one, widen this (Airwallex retries for about three days), or
   * set `false`, which its own WooCommerce plugin effectively does.
   */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default twice the tolerance. */
  readonly replayTtl?: number;
}

/**
 * Airwallex: `x-signature: <hex HMAC-SHA256(secret, x-timestamp + body)>`, the timestamp in
 * epoch milliseconds placed right before the raw body with no separator, the endpoint's
 * secret used as text (airwallex.com/docs/developer-tools/webhooks/listen-for-webhook-events;
 * its Java and PHP samples and its WooCommerce plugin's `WebhookService::verifySignature`:
 * `hash_hmac('sha256', $timestamp . $msg, $secret)`).
 *
 * The window is 300 s each way, hookguard's default: Airwallex documents none, and its plugin
 * checks none. That rests on a reading Airwallex does not confirm (that each delivery
 * attempt is stamped when it is sent); `tolerance` widens or disables it. Replays are refused
 * by the event's `id`, which the signed body carries and which "is unchanged for the same
 * event across retries" (Airwallex's webhooks overview), so a re-signed retry of a delivery
 * that succeeded is refused too; a body without one falls back to the matched digest.
 * Airwallex publishes no Node verifier and no signed example: checked against independent
 * vectors (node:crypto).
 *
 * @example
 * ```ts
 * const scheme = airwallex({ secret: process.env.AIRWALLEX_WEBHOOK_SECRET! });
 * ```
 */
export function airwallex<TPayload = unknown>(
  options: AirwallexOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'airwallex',
    secret: options.secret,
    signature: { header: 'x-signature' },
    timestamp: { header: 'x-timestamp', unit: 'ms' },
    message: '{timestamp}{body}',
    // Airwallex keeps an event's id across its retries; the body carries it, signed.
    replay: { bodyField: 'id' },
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Airwallex in the list of providers. */
export const AIRWALLEX_PROVIDER = {
  id: 'airwallex',
  title: 'Airwallex webhooks',
  vendor: 'airwallex',
  family: 'hmac',
  docs: 'https://www.airwallex.com/docs/developer-tools/webhooks/listen-for-webhook-events',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'AIRWALLEX_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook secret, whsec_…',
      demo: 'whsec_demo_airwallex_secret',
    },
  ],
  factory: airwallex,
  route: '/webhooks/airwallex',
  sample: (now) => ({
    body: {
      id: `evt_airwallex_${now}`,
      name: 'payment_intent.succeeded',
      account_id: 'acct_demo',
      created_at: isoSeconds(now),
      data: { object: { id: 'int_demo', amount: 100, currency: 'USD', status: 'SUCCEEDED' } },
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Airwallex publishes no Node verifier and no signed example.',
    vector:
      'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-airwallex.mjs)',
  },
} as const satisfies ProviderDefinition;
