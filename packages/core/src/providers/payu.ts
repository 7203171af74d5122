import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { formFields } from '../catalog/sign-inputs.js';
import { keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { SALT, type SaltedHashPart, type SaltedHashSignInput, saltedHash } from './salted-hash.js';

const NAME = 'payu';

/** Options for {@link payu}. */
export interface PayuOptions {
  /** The merchant key (not secret: PayU posts it back as the `key` field). */
  readonly merchantKey: string;
  /** The merchant salt, used as text; a list while rotating. */
  readonly salt: SecretInput;
  /** Seconds a replay store remembers a callback (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * The reverse hash, in PayU's order: `[additionalCharges|]salt|status||||||udf5|udf4|udf3|
 * udf2|udf1|email|firstname|productinfo|amount|txnid|key`. The five empty fields stand for
 * udf10–udf6, which the reverse hash leaves empty.
 */
function reverseHash(merchantKey: string): SaltedHashPart[] {
  const fields = (...names: string[]): SaltedHashPart[] =>
    names.flatMap((name) => ['|', { field: name, optional: name.startsWith('udf') }]);
  return [
    { field: 'additionalCharges', optional: true, followedBy: '|' },
    SALT,
    '|',
    { field: 'status' },
    '|||||',
    ...fields('udf5', 'udf4', 'udf3', 'udf2', 'udf1', 'email', 'firstname'),
    ...fields('productinfo', 'amount', 'txnid'),
    `|${merchantKey}`,
  ];
}

/**
 * PayU India (payment callbacks and webhooks): the `hash` field is the hex SHA-512 of the
 * "reverse hash" string `salt|status||||||udf5|udf4|udf3|udf2|udf1|email|firstname|
 * productinfo|amount|txnid|key`, prefixed with `additionalCharges|` when that field is there
 * (docs.payu.in "Generate Hash" and "Transaction Callback"; PayU's Node SDK,
 * payu-intrepos/web-sdk-nodejs `lib/utils/hasher.js` `reverseHasher`, builds the same string).
 * `key` is the configured merchant key, as in the SDK; absent `udf1`–`udf5` are empty. The
 * fields are read from a form or a JSON body, as PayU posts either (its webhook settings
 * choose), and must be text.
 *
 * A salted hash, not an HMAC, over **those fields only**: `mihpayid`, `mode`, `bankcode`,
 * `udf6`–`udf10`, `error` and the rest reach the handler unchecked. Act on `status` and
 * `amount`, or confirm with PayU's Verify Payment API as PayU's webhook docs advise. A `|`
 * inside a value lets text move between neighbouring fields under one hash; such a variant
 * shares the replay key (the hashed string), so only the first is accepted. Nothing is
 * timestamped: replays are refused for 24 h. PayU publishes the formula but no example hash:
 * checked against independent vectors (node:crypto), built as the SDK's `reverseHasher`.
 *
 * @example
 * ```ts
 * const scheme = payu({ merchantKey: process.env.PAYU_MERCHANT_KEY!, salt: process.env.PAYU_SALT! });
 * ```
 */
export function payu<TPayload = Record<string, unknown>>(
  options: PayuOptions,
): WebhookScheme<TPayload, SaltedHashSignInput, SignedHttpRequest> {
  const merchantKey = options?.merchantKey;
  if (typeof merchantKey !== 'string' || merchantKey === '' || merchantKey.includes('|')) {
    throw new TypeError(
      '[hookguard] payu: merchantKey is required: the merchant key PayU issued (no "|").',
    );
  }
  return saltedHash<TPayload>({
    name: NAME,
    mediaType: 'either',
    keys: keysFromSecrets(options.salt, 'salt', NAME),
    algorithm: 'sha512',
    signature: { field: 'hash' },
    message: reverseHash(merchantKey),
    replayTtl: options.replayTtl,
  });
}

/** PayU India in the list of providers. */
export const PAYU_PROVIDER = {
  id: 'payu',
  title: 'PayU India payment callbacks (reverse hash)',
  vendor: 'payu',
  family: 'salted-hash',
  docs: 'https://docs.payu.in/docs/hashing-request-and-response',
  verifies: true,
  mediaType: 'either',
  timestamped: false,
  settings: [
    {
      option: 'merchantKey',
      env: 'PAYU_MERCHANT_KEY',
      secret: false,
      flag: '--merchant-key',
      format: 'text',
      description: 'merchant key',
      demo: 'demoKey',
    },
    {
      option: 'salt',
      env: 'PAYU_SALT',
      secret: true,
      format: 'list',
      description: 'merchant salt',
      demo: 'demo-payu-salt',
    },
  ],
  factory: payu,
  route: '/webhooks/payu',
  // The signed fields first, so the demo's tamper (the first 100 → 1) always lands in one.
  sample: (now) => ({
    fields: {
      amount: '100.00',
      txnid: `txn${now}`,
      status: 'success',
      key: 'demoKey',
      productinfo: 'demo order',
      firstname: 'Demo',
      email: 'demo@example.com',
      mihpayid: `${now}`,
      mode: 'UPI',
      udf1: '',
      udf2: '',
      udf3: '',
      udf4: '',
      udf5: '',
    },
  }),
  signInput: (body) => {
    const { hash: _hash, ...fields } = formFields(body);
    return { fields };
  },
  checkedAgainst: {
    none: "PayU publishes its reverse-hash formula but no example hash, and its Node SDK's reverseHasher is internal (not exported, not a devDependency).",
    vector:
      "independent vectors: SHA-512 through node:crypto of the reverse-hash string, built as PayU's reverseHasher builds it (test/vectors/generate-payu.mjs)",
  },
} as const satisfies ProviderDefinition;
