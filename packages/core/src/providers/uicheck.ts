import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { encodeDigest } from '../crypto/encoding.js';
import { keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import { defineSigningScheme, type SigningScheme } from '../scheme.js';

const NAME = 'uicheck';

/** Options for {@link uicheck}. */
export interface UicheckOptions {
  /** Your UiCheck id (`uicheck_id`). */
  readonly id: string;
  /** Your UiCheck secret; a list is accepted, and the first is used to sign. */
  readonly secret: SecretInput;
}

/** Input to `sign` for {@link uicheck}. */
export interface UicheckSignInput {
  /** The Stripe customer id the widget is for, such as `cus_12345678`. */
  readonly customer: string;
}

/**
 * UiCheck widget identity signature (signing only, not a webhook):
 * `lowercase hex(HMAC-SHA256(uicheck secret, uicheck_id + stripe_customer_id))`. Hand
 * `uicheck_id`, the customer id and this signature to the front-end widget.
 *
 * Quirk: UiCheck's Ruby sample signs `uicheck_id + uicheck_secret`, the same value for
 * every customer. hookguard implements the Python/JS form the widget checks.
 *
 * @example
 * ```ts
 * const signature = sign(uicheck({ id, secret }), { customer: 'cus_12345678' });
 * ```
 */
export function uicheck(options: UicheckOptions): SigningScheme<UicheckSignInput, string> {
  const { id } = options;
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(`[hookguard] ${NAME}: id must be a non-empty string.`);
  }
  return defineSigningScheme<UicheckSignInput, string>({
    name: NAME,
    provider: 'uicheck',
    algorithm: 'sha256',
    keys: keysFromSecrets(options.secret, 'secret', NAME),
    sign(input, context) {
      const customer = input?.customer;
      if (typeof customer !== 'string' || customer === '') {
        throw new TypeError(
          `[hookguard] ${NAME}: sign needs { customer: '<stripe customer id>' }.`,
        );
      }
      const message = [
        { label: 'uicheck_id', value: id },
        { label: 'stripe_customer_id', value: customer },
      ];
      return encodeDigest(context.digest(message, context.key()), 'hex');
    },
  });
}

/** UiCheck in the list of providers: it only signs, for the widget. */
export const UICHECK_PROVIDER = {
  id: NAME,
  title: 'UiCheck widget signature',
  vendor: 'uicheck',
  family: 'hmac',
  docs: null,
  verifies: false,
  mediaType: null,
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'UICHECK_SECRET',
      secret: true,
      format: 'list',
      description: 'UiCheck secret',
      demo: 'demo-uicheck-secret',
    },
    {
      option: 'id',
      env: 'UICHECK_ID',
      secret: false,
      flag: '--id',
      format: 'text',
      description: 'UiCheck id',
      demo: 'demo-uicheck-id',
    },
    {
      option: 'customer',
      env: 'UICHECK_CUSTOMER',
      secret: false,
      flag: '--customer',
      format: 'text',
      description: 'Stripe customer id to sign for',
      demo: 'cus_demo_1',
      signOnly: true,
    },
  ],
  factory: uicheck,
  // The example apps answer GET /uicheck/signature?customer=… with the signature.
  route: '/uicheck/signature',
  sample: () => ({ customer: 'cus_demo_1' }),
  // The CLI asks for --customer before it signs.
  signInput: (_body, _path, values) => ({ customer: values.customer ?? '' }),
  checkedAgainst: { vector: 'the specification' },
} as const satisfies ProviderDefinition;
