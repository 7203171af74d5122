import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { spacedDateTime } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link monnify}. */
export interface MonnifyOptions {
  /** The integration's client secret (Developer → API keys), used as text; a list while rotating. */
  readonly clientSecret: SecretInput;
  /** Seconds a replay store remembers a notification (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Monnify: `monnify-signature: <hex HMAC-SHA512(client secret, body)>` over the raw body
 * (developers.monnify.com/docs/webhooks). Monnify's prose says "SHA-512(client secret key +
 * object of request body)", a plain salted hash; its own sample code (`sha512.hmac(secret,
 * body)` in Node, `hash_hmac('sha512', …)` in PHP) and its published example hash are an
 * HMAC, and only the HMAC reproduces that example, so the HMAC is what is checked. The body is
 * hashed as received: Monnify's example is the compact JSON ("there should be no spaces").
 * Nothing is timestamped: replays are refused by the matched digest for 24 h (Monnify advises
 * checking `transactionReference` for duplicates too). Checked against the example Monnify
 * publishes (client secret `91MUDL9N6U3BQRXBQ2PJ9M0PW4J22M1Y`, hash `f04fb635…`).
 *
 * @example
 * ```ts
 * const scheme = monnify({ clientSecret: process.env.MONNIFY_CLIENT_SECRET! });
 * ```
 */
export function monnify<TPayload = unknown>(
  options: MonnifyOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'monnify',
    secret: options.clientSecret,
    algorithm: 'sha512',
    signature: { header: 'monnify-signature' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Monnify in the list of providers. */
export const MONNIFY_PROVIDER = {
  id: 'monnify',
  title: 'Monnify webhooks',
  vendor: 'monnify',
  family: 'hmac',
  docs: 'https://developers.monnify.com/docs/webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'clientSecret',
      env: 'MONNIFY_CLIENT_SECRET',
      secret: true,
      format: 'list',
      description: 'client secret',
      demo: 'DEMOMONNIFYCLIENTSECRET000000000',
    },
  ],
  factory: monnify,
  route: '/webhooks/monnify',
  sample: (now) => ({
    body: {
      eventType: 'SUCCESSFUL_TRANSACTION',
      eventData: {
        transactionReference: `MNFY|76|${now}|000001`,
        paymentReference: `ref-${now}`,
        paidOn: spacedDateTime(now),
        amountPaid: 100,
        totalPayable: 100,
        paymentStatus: 'PAID',
        currency: 'NGN',
      },
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      "Monnify's published example (developers.monnify.com webhooks: client secret 91MUDL9N6U3BQRXBQ2PJ9M0PW4J22M1Y, hash f04fb635…); the other cases HMAC-SHA512 through node:crypto (test/vectors/generate-monnify.mjs)",
  },
} as const satisfies ProviderDefinition;
