import type { MessagePart } from '../../crypto/hmac.js';

/** Reports a notification that is not in Adyen's shape: `malformed_request` when verifying, a `TypeError` when signing. */
export type Fail = (message: string) => never;

/**
 * More items than this in one body is refused. Adyen's JSON webhooks carry one item (its
 * SOAP webhooks up to six); the cap bounds the HMACs and replay-store calls one request costs.
 */
export const MAX_NOTIFICATION_ITEMS = 100;

/** A NotificationRequestItem as sent: the eight signed fields typed, the rest as Adyen sends it. */
export interface AdyenNotificationRequestItem {
  readonly pspReference?: string;
  readonly originalReference?: string;
  readonly merchantAccountCode?: string;
  readonly merchantReference?: string;
  /** `value` in minor units. */
  readonly amount?: { readonly value?: number; readonly currency?: string };
  readonly eventCode?: string;
  /** `"true"` or `"false"`, a string. */
  readonly success?: string;
  /** Not signed, apart from carrying the item's `hmacSignature`. */
  readonly additionalData?: { readonly hmacSignature?: string; readonly [field: string]: unknown };
  /** Every other field (`eventDate`, `reason`, `paymentMethod`, `operations`…) is not signed. */
  readonly [field: string]: unknown;
}

/** An Adyen standard webhook: `{ live, notificationItems: [{ NotificationRequestItem }] }`. */
export interface AdyenNotification {
  /** `"true"` or `"false"`; not signed. */
  readonly live?: string;
  readonly notificationItems: readonly {
    readonly NotificationRequestItem: AdyenNotificationRequestItem;
  }[];
  readonly [field: string]: unknown;
}

/** One item of a notification, as verifying and signing see it. */
export interface NotificationItem {
  /** Its NotificationRequestItem object (the parsed body's own). */
  readonly fields: Record<string, unknown>;
  /** What Adyen signs: the eight fields joined by `:`, nothing escaped. */
  readonly message: MessagePart[];
  /** `additionalData.hmacSignature`, when one was sent. */
  readonly signature: string | undefined;
  /** For messages: `additionalData.hmacSignature in notificationItems[0]`. */
  readonly signatureSource: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const absent = (value: unknown) => value === undefined || value === null;

/** A signed text field: absent (or null) is the empty string, as in every Adyen SDK. */
function textField(value: unknown, where: string, fail: Fail): string {
  if (absent(value)) return '';
  if (typeof value !== 'string') fail(`${where} must be a string, not ${typeOf(value)}.`);
  return value as string;
}

/**
 * `amount.value`: an integer in minor units, written as JavaScript writes it (the SDKs'
 * `String(1130)`). A fraction or an integer beyond 2^53 has no one agreed text form across
 * Adyen's SDKs, so it is refused rather than signed in some way the sender may not have used.
 */
function amountValue(value: unknown, where: string, fail: Fail): string {
  if (absent(value)) return '';
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    fail(`${where} must be an integer (minor units), not ${typeOf(value)}.`);
  return String(value);
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return 'a number';
    return Number.isInteger(value) ? 'an integer beyond 2^53' : 'a fraction';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The string Adyen signs for one item (Adyen's "Verify HMAC signatures" page; `getDataToSign`
 * in adyen-node-api-library, `data_to_sign` in adyen-ruby-api-library):
 * `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`.
 *
 * Nothing is escaped. The escaping of `\` and `:` belongs to the Hosted Payment Pages
 * signature, not to webhooks: Adyen's Ruby library removed it for notifications
 * (adyen-ruby-api-library #117), and its tests verify webhooks Adyen signed whose
 * `merchantReference` is `:slashes are fun` and `\\slashes are fun` only without escaping.
 */
function signedMessage(item: Record<string, unknown>, where: string, fail: Fail): MessagePart[] {
  const amount = item.amount;
  if (!absent(amount) && !isObject(amount))
    fail(`${where}.amount must be an object, not ${typeOf(amount)}.`);
  const money = (amount ?? {}) as Record<string, unknown>;
  const values: [string, string][] = [
    ['pspReference', textField(item.pspReference, `${where}.pspReference`, fail)],
    ['originalReference', textField(item.originalReference, `${where}.originalReference`, fail)],
    [
      'merchantAccountCode',
      textField(item.merchantAccountCode, `${where}.merchantAccountCode`, fail),
    ],
    ['merchantReference', textField(item.merchantReference, `${where}.merchantReference`, fail)],
    ['amount.value', amountValue(money.value, `${where}.amount.value`, fail)],
    ['amount.currency', textField(money.currency, `${where}.amount.currency`, fail)],
    ['eventCode', textField(item.eventCode, `${where}.eventCode`, fail)],
    ['success', textField(item.success, `${where}.success`, fail)],
  ];
  const message: MessagePart[] = [];
  for (const [label, value] of values) {
    if (message.length > 0) message.push({ label: 'literal', value: ':' });
    message.push({ label, value });
  }
  return message;
}

/** `additionalData.hmacSignature`; absent, null or empty is no signature. */
function signatureOf(item: Record<string, unknown>, where: string, fail: Fail): string | undefined {
  const additionalData = item.additionalData;
  if (absent(additionalData)) return undefined;
  if (!isObject(additionalData))
    fail(`${where}.additionalData must be an object, not ${typeOf(additionalData)}.`);
  const signature = (additionalData as Record<string, unknown>).hmacSignature;
  if (absent(signature) || signature === '') return undefined;
  if (typeof signature !== 'string')
    fail(`${where}.additionalData.hmacSignature must be a string, not ${typeOf(signature)}.`);
  return signature as string;
}

/**
 * Every item of an Adyen standard webhook, in order, with the string it signs. A body that
 * is not `{ notificationItems: [{ NotificationRequestItem: {…} }, …] }`, or whose signed
 * fields are not of their types, goes to `fail`.
 */
export function notificationItems(notification: unknown, fail: Fail): NotificationItem[] {
  const list = isObject(notification) ? notification.notificationItems : undefined;
  if (Array.isArray(list) && list.length === 0) fail('the notificationItems list is empty.');
  if (!Array.isArray(list)) {
    fail(
      'the body has no notificationItems list, so it is not an Adyen standard webhook. Balance Platform and Management API webhooks are signed in the HmacSignature header: verify them with adyen.platform().',
    );
  }
  const items = list as unknown[];
  if (items.length > MAX_NOTIFICATION_ITEMS) {
    fail(
      `the body has ${items.length} notificationItems; at most ${MAX_NOTIFICATION_ITEMS} are accepted (Adyen sends one in each JSON webhook).`,
    );
  }
  return items.map((entry, index) => {
    const fields = isObject(entry) ? entry.NotificationRequestItem : undefined;
    if (!isObject(fields))
      fail(`notificationItems[${index}] has no NotificationRequestItem object.`);
    const where = `notificationItems[${index}].NotificationRequestItem`;
    const item = fields as Record<string, unknown>;
    return {
      fields: item,
      message: signedMessage(item, where, fail),
      signature: signatureOf(item, where, fail),
      signatureSource: `additionalData.hmacSignature in notificationItems[${index}]`,
    };
  });
}
