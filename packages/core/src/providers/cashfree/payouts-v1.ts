import type { ProviderDefinition } from '../../catalog/provider-entry.js';
import { spacedDateTime } from '../../catalog/samples.js';
import { cashfreeFormFields } from '../../catalog/sign-inputs.js';
import type { MessagePart } from '../../crypto/hmac.js';
import { sortByName } from '../../request/form-order.js';
import type { FormEntry } from '../../request/parse-form.js';
import type { WebhookScheme } from '../../scheme.js';
import type { SignedHttpRequest } from '../../signed-request.js';
import {
  type CashfreeFormOptions,
  type CashfreeFormSignInput,
  cashfreeFormScheme,
} from './form-scheme.js';

/** Options for {@link payoutsV1}. */
export type CashfreePayoutsV1Options = CashfreeFormOptions;

/** The string to sign: the values only, of the fields given sorted by name. */
function payoutsMessage(byName: readonly FormEntry[]): MessagePart[] {
  return byName.map(([name, value]) => ({ label: name, value }));
}

/**
 * Cashfree Payouts v1 and Cashgram webhooks (form): every field except `signature`,
 * sorted by key, **values only** concatenated,
 * `signature = base64(HMAC-SHA256(secret, data))`. Every field is signed, so a repeated
 * field is `malformed_request`.
 *
 * Quirk: values are joined without separators, so characters can move between
 * neighbouring values without changing the signature; hookguard deduplicates on the
 * signature so only the first variant is accepted.
 */
export function payoutsV1(
  options: CashfreePayoutsV1Options,
): WebhookScheme<Record<string, string>, CashfreeFormSignInput, SignedHttpRequest> {
  const isSignedField = (name: string) => name !== 'signature';
  return cashfreeFormScheme(options, {
    name: 'cashfree.payoutsV1',
    read(form) {
      const signed = form.pick(isSignedField);
      return { message: payoutsMessage(signed.byName), payload: () => signed.toObject() };
    },
    messageToSend: (fields) =>
      payoutsMessage(sortByName([...fields].filter(([name]) => isSignedField(name)))),
  });
}

/** Cashfree's Payouts v1 webhooks in the list of providers. */
export const CASHFREE_PAYOUTS_V1_PROVIDER = {
  id: 'cashfree.payoutsV1',
  title: 'Cashfree Payouts v1 and Cashgram webhooks',
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
  factory: payoutsV1,
  route: '/webhooks/cashfree/payouts',
  sample: (now) => ({
    fields: {
      event: 'TRANSFER_SUCCESS',
      transferId: 'transfer_demo_1',
      referenceId: '123456',
      acknowledged: '1',
      eventTime: spacedDateTime(now),
      utr: 'UTR_DEMO_1',
    },
  }),
  signInput: cashfreeFormFields,
  checkedAgainst: { vector: 'the specification' },
} as const satisfies ProviderDefinition;
