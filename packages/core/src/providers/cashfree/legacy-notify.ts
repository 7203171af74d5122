import type { ProviderDefinition } from '../../catalog/provider-entry.js';
import { spacedDateTime } from '../../catalog/samples.js';
import { cashfreeFormFields } from '../../catalog/sign-inputs.js';
import type { MessagePart } from '../../crypto/hmac.js';
import type { WebhookScheme } from '../../scheme.js';
import type { SignedHttpRequest } from '../../signed-request.js';
import { requireField } from '../read-helpers.js';
import {
  type CashfreeFormOptions,
  type CashfreeFormSignInput,
  cashfreeFormScheme,
} from './form-scheme.js';

const NAME = 'cashfree.legacyNotify';

/** The signed fields, in the order they are concatenated. */
export const LEGACY_NOTIFY_FIELDS = [
  'orderId',
  'orderAmount',
  'referenceId',
  'txStatus',
  'paymentMode',
  'txMsg',
  'txTime',
] as const;

/** Options for {@link legacyNotify}. */
export type CashfreeLegacyNotifyOptions = CashfreeFormOptions;

/** The seven legacy notify fields. */
export type CashfreeLegacyNotifyPayload = Record<(typeof LEGACY_NOTIFY_FIELDS)[number], string>;

function legacyMessage(fieldValue: (name: string) => string): MessagePart[] {
  return LEGACY_NOTIFY_FIELDS.map((name) => ({ label: name, value: fieldValue(name) }));
}

/**
 * Cashfree legacy Payment Gateway notify/return posts (form):
 * `signature = base64(HMAC-SHA256(secret, orderId + orderAmount + referenceId + txStatus +
 * paymentMode + txMsg + txTime))`, values exactly as posted (`100.00`, not `100`).
 *
 * Quirk: the values are joined without separators, so whoever sees one callback can move
 * characters between neighbouring fields (`orderAmount` `100.00` + `referenceId` `885123`
 * into `100.008` + `85123`) without changing the signature. hookguard deduplicates on the
 * signature, so only the first of such variants is accepted, and every field must be
 * present; still check the amount against your own order record.
 */
export function legacyNotify(
  options: CashfreeLegacyNotifyOptions,
): WebhookScheme<CashfreeLegacyNotifyPayload, CashfreeFormSignInput, SignedHttpRequest> {
  return cashfreeFormScheme(options, {
    name: NAME,
    read: (form, request) => ({
      message: legacyMessage((name) => requireField(form, name, request)),
      payload: () => form.toObject(LEGACY_NOTIFY_FIELDS) as CashfreeLegacyNotifyPayload,
    }),
    messageToSend: (fields) =>
      legacyMessage((name) => {
        const value = fields.get(name);
        if (value === undefined)
          throw new TypeError(`[hookguard] ${NAME}: sign needs the field ${name}.`);
        return value;
      }),
  });
}

/** Cashfree's legacy notify posts in the list of providers. */
export const CASHFREE_LEGACY_NOTIFY_PROVIDER = {
  id: NAME,
  title: 'Cashfree legacy Payment Gateway notify posts',
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
      description: 'secret key',
      demo: 'demo-cashfree-client-secret',
    },
  ],
  factory: legacyNotify,
  route: '/webhooks/cashfree/notify',
  sample: (now) => ({
    fields: {
      orderId: 'order_demo_1',
      orderAmount: '100.00',
      referenceId: '885123',
      txStatus: 'SUCCESS',
      paymentMode: 'UPI',
      txMsg: 'Transaction Successful',
      txTime: spacedDateTime(now),
    },
  }),
  signInput: cashfreeFormFields,
  checkedAgainst: { vector: 'the specification' },
} as const satisfies ProviderDefinition;
