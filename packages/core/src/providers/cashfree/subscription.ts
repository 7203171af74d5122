import type { ProviderDefinition } from '../../catalog/provider-entry.js';
import { cashfreeFormFields } from '../../catalog/sign-inputs.js';
import { sortByName } from '../../request/form-order.js';
import type { WebhookScheme } from '../../scheme.js';
import type { SignedHttpRequest } from '../../signed-request.js';
import { namesAndValues } from '../read-helpers.js';
import {
  type CashfreeFormOptions,
  type CashfreeFormSignInput,
  cashfreeFormScheme,
} from './form-scheme.js';

export type { CashfreeFormSignInput } from './form-scheme.js';

const SIGNED_PREFIX = 'cf_';

/** Options for {@link subscription}. */
export type CashfreeSubscriptionOptions = CashfreeFormOptions;

const isSigned = (name: string) => name.startsWith(SIGNED_PREFIX);

/**
 * Cashfree Subscriptions v1 callbacks: an `application/x-www-form-urlencoded` POST whose
 * `signature = base64(HMAC-SHA256(secret, Σ key + value))` over every `cf_*` field, keys
 * sorted by code unit (uppercase before `_` before lowercase), values form-decoded; an
 * empty value still adds its key. `signature` and non-`cf_` fields are not signed, and are
 * left out of the payload.
 *
 * Quirks: Cashfree's Java sample can never succeed and its PHP compares with `!=`. No
 * timestamp is signed, so a captured callback stays valid: hookguard deduplicates on the
 * signature (24 h by default). A repeated `cf_` key is `malformed_request`.
 *
 * @example
 * ```ts
 * const scheme = cashfree.subscription({ secret: process.env.CASHFREE_CLIENT_SECRET! });
 * const { payload } = await verify(scheme, request); // payload.cf_status === 'ACTIVE'
 * ```
 */
export function subscription(
  options: CashfreeSubscriptionOptions,
): WebhookScheme<Record<string, string>, CashfreeFormSignInput, SignedHttpRequest> {
  return cashfreeFormScheme(options, {
    name: 'cashfree.subscription',
    read(form) {
      const signed = form.pick(isSigned);
      return { message: namesAndValues(signed.byName), payload: () => signed.toObject() };
    },
    messageToSend: (fields) =>
      namesAndValues(sortByName([...fields].filter(([name]) => isSigned(name)))),
  });
}

/** Cashfree's Subscriptions v1 callbacks in the list of providers. */
export const CASHFREE_SUBSCRIPTION_PROVIDER = {
  id: 'cashfree.subscription',
  title: 'Cashfree Subscriptions v1 callbacks',
  vendor: 'cashfree',
  family: 'hmac',
  docs: 'https://www.cashfree.com/docs/api-reference/webhooks/payloads-and-signatures',
  verifies: true,
  mediaType: 'form',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'CASHFREE_CLIENT_SECRET',
      secret: true,
      format: 'list',
      description: 'client secret',
      demo: 'demo-cashfree-client-secret',
    },
  ],
  factory: subscription,
  route: '/webhooks/cashfree/subscription',
  sample: (now) => ({
    fields: {
      cf_event: 'SUBSCRIPTION_STATUS_CHANGE',
      cf_subReferenceId: '12345',
      cf_status: 'ACTIVE',
      cf_eventTime: new Date(now).toISOString(),
    },
  }),
  signInput: cashfreeFormFields,
  checkedAgainst: { vector: 'the specification' },
} as const satisfies ProviderDefinition;
