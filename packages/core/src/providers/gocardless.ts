import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link gocardless}. */
export interface GocardlessOptions {
  /** The webhook endpoint's secret from the GoCardless dashboard, used as text; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * GoCardless: `Webhook-Signature: <hex HMAC-SHA256(endpoint secret, body)>`
 * (developer.gocardless.com/getting-started/api/staying-up-to-date-with-webhooks; the header
 * shares its name with Standard Webhooks', not its format). The body is
 * `{"events":[…],"meta":{"webhook_id":…}}`: one delivery, several events. Nothing is
 * timestamped, so replays are refused by the matched digest for 24 h; a retry of an
 * unacknowledged webhook is the same body, so the same delivery. GoCardless's API reference
 * says a bad signature "must return a 498 Token Invalid error"; hookguard answers its one
 * status for `invalid_signature` (401) for every provider. Checked against the vector in
 * gocardless-pro-java's `WebhookTest` and `gocardless-nodejs`'s `webhooks.parse`.
 *
 * @example
 * ```ts
 * const scheme = gocardless({ secret: process.env.GOCARDLESS_WEBHOOK_SECRET! });
 * ```
 */
export function gocardless<TPayload = unknown>(
  options: GocardlessOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'gocardless',
    secret: options.secret,
    signature: { header: 'webhook-signature' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** GoCardless in the list of providers. */
export const GOCARDLESS_PROVIDER = {
  id: 'gocardless',
  title: 'GoCardless webhooks',
  vendor: 'gocardless',
  family: 'hmac',
  docs: 'https://developer.gocardless.com/getting-started/api/staying-up-to-date-with-webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'GOCARDLESS_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook endpoint secret',
      demo: 'demo-gocardless-webhook-secret',
    },
  ],
  factory: gocardless,
  route: '/webhooks/gocardless',
  sample: (now) => ({
    body: {
      events: [
        {
          id: 'EV_gocardless_1',
          resource_type: 'payments',
          action: 'confirmed',
          // The amount first: the demo tampers with the first "100" of the body.
          details: { amount: 100, origin: 'gocardless', cause: 'payment_confirmed' },
          links: { payment: 'PM_gocardless_1' },
          created_at: new Date(now).toISOString(),
        },
      ],
      meta: { webhook_id: 'WB_gocardless_1' },
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'gocardless-pro-java src/test/java/com/gocardless/WebhookTest.java',
    sdk: { package: 'gocardless-nodejs', functions: ['webhooks.parse'] },
  },
} as const satisfies ProviderDefinition;
