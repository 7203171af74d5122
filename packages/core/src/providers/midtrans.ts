import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { spacedDateTime } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { SALT, type SaltedHashSignInput, saltedHash } from './salted-hash.js';

const NAME = 'midtrans';

/** Options for {@link midtrans}. */
export interface MidtransOptions {
  /** The merchant's server key (Settings → Access keys), used as text; a list while rotating. */
  readonly serverKey: SecretInput;
  /** Seconds a replay store remembers a notification (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Midtrans (HTTP notifications): the JSON body's `signature_key` is the hex
 * `SHA512(order_id + status_code + gross_amount + server key)`, the three fields taken from
 * the body as text and joined with nothing between them (docs.midtrans.com/reference/
 * receiving-notifications). It is a salted hash, not an HMAC, and it covers **only those
 * three fields**: `transaction_status`, `fraud_status`, `payment_type` and the rest reach the
 * handler unchecked, so a captured notification could carry another `transaction_status`
 * with the same signature. Act on `status_code` and `gross_amount`, or confirm with Midtrans's
 * Get Status API as its docs advise (`midtrans-client`'s `notification()` does only that).
 *
 * Replays are keyed on the hashed fields. So two genuine notifications that share them are one
 * delivery to a replay store: a card payment's `capture` and its later `settlement` both
 * carry `status_code` `200`, and the second is refused as `replayed` within `replayTtl`. Where
 * both matter, give the route a short `replayTtl` (or no replay store) and deduplicate on
 * `order_id` and `transaction_status` yourself. The unseparated join also lets text move
 * between fields (`order_id` `A2`, `status_code` `001` hashes as `A` and `200`…); such a
 * variant shares the replay key.
 *
 * The fields must be JSON strings, as Midtrans sends them (`"gross_amount": "100000.00"`):
 * a number has no single spelling. Pay Account notifications (`account_id + account_status +
 * status_code`) are another string and not this scheme. Midtrans publishes its formula with
 * example inputs but no resulting hash: checked against independent vectors (node:crypto
 * over those inputs).
 *
 * @example
 * ```ts
 * const scheme = midtrans({ serverKey: process.env.MIDTRANS_SERVER_KEY! });
 * ```
 */
export function midtrans<TPayload = unknown>(
  options: MidtransOptions,
): WebhookScheme<TPayload, SaltedHashSignInput, SignedHttpRequest> {
  return saltedHash<TPayload>({
    name: NAME,
    mediaType: 'json',
    keys: keysFromSecrets(options.serverKey, 'serverKey', NAME),
    algorithm: 'sha512',
    signature: { field: 'signature_key' },
    message: [{ field: 'order_id' }, { field: 'status_code' }, { field: 'gross_amount' }, SALT],
    replayTtl: options.replayTtl,
  });
}

/** Midtrans in the list of providers. */
export const MIDTRANS_PROVIDER = {
  id: 'midtrans',
  title: 'Midtrans HTTP notifications',
  vendor: 'midtrans',
  family: 'salted-hash',
  docs: 'https://docs.midtrans.com/reference/receiving-notifications',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'serverKey',
      env: 'MIDTRANS_SERVER_KEY',
      secret: true,
      format: 'list',
      description: 'server key',
      demo: 'SB-Mid-server-demo-midtrans-key',
    },
  ],
  factory: midtrans,
  route: '/webhooks/midtrans',
  // The signed fields first, so the demo's tamper (the first 100 → 1) always lands in one.
  sample: (now) => ({
    body: {
      order_id: `order-${now}`,
      status_code: '200',
      gross_amount: '100.00',
      transaction_status: 'settlement',
      transaction_time: spacedDateTime(now),
      transaction_id: `midtrans-${now}`,
      status_message: 'midtrans payment notification',
      payment_type: 'bank_transfer',
      fraud_status: 'accept',
      currency: 'IDR',
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Midtrans publishes its formula and example inputs but no resulting hash, and midtrans-client verifies nothing (it fetches the status).',
    vector:
      "independent vectors: SHA-512 through node:crypto over Midtrans's documented example inputs (test/vectors/generate-midtrans.mjs)",
  },
} as const satisfies ProviderDefinition;
