import type { MessagePart } from '../../crypto/hmac.js';
import { WebhookVerificationError } from '../../errors.js';
import type { SignatureAlgorithm } from '../../platform/platform.js';
import type { IncomingWebhook } from '../../request/incoming-webhook.js';
import { parseIsoInstant, type ReceivedTimestamp } from '../../time/timestamps.js';

/** The three kinds of message SNS posts to an HTTP/S subscription. */
export type AwsSnsMessageType =
  | 'Notification'
  | 'SubscriptionConfirmation'
  | 'UnsubscribeConfirmation';

/** `SignatureVersion`: 1 is SHA1withRSA (a topic's default), 2 is SHA256withRSA. */
export type AwsSnsSignatureVersion = '1' | '2';

/**
 * An SNS message as posted to an HTTP/S subscription (the JSON envelope). Signed: `Message`,
 * `MessageId`, `Subject` (notifications), `SubscribeURL` and `Token` (confirmations),
 * `Timestamp`, `TopicArn`, `Type`. **Not signed**: `MessageAttributes`, `UnsubscribeURL`,
 * and the signature's own fields; do not act on them without another check.
 */
export interface AwsSnsMessage {
  readonly Type: AwsSnsMessageType;
  readonly MessageId: string;
  readonly TopicArn: string;
  /** What was published, as text (a JSON document is still a string here). */
  readonly Message: string;
  readonly Timestamp: string;
  readonly Subject?: string;
  readonly SubscribeURL?: string;
  readonly Token?: string;
  readonly SignatureVersion: AwsSnsSignatureVersion;
  readonly Signature: string;
  readonly SigningCertURL: string;
  /** Not signed. */
  readonly UnsubscribeURL?: string;
  /** Not signed. */
  readonly MessageAttributes?: Readonly<Record<string, unknown>>;
}

/** The signed fields, in the order they are signed (byte order of their names). */
const SIGNED_FIELDS: Readonly<Record<AwsSnsMessageType, readonly string[]>> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: [
    'Message',
    'MessageId',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ],
  UnsubscribeConfirmation: [
    'Message',
    'MessageId',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ],
};

/** Only a notification's `Subject` may be absent (it is then left out of the string). */
const OPTIONAL_FIELD = 'Subject';

export const SIGNATURE_ALGORITHMS: Readonly<Record<AwsSnsSignatureVersion, SignatureAlgorithm>> = {
  '1': 'rsa-pkcs1-sha1',
  '2': 'rsa-pkcs1-sha256',
};

/**
 * Whether `value` holds a lone surrogate, or, when `controls`, a control character.
 *
 * - Every signed field but `Message` is free of control characters (a line break above all)
 *   as SNS writes them (a `Subject` "must not include line breaks or control characters"):
 *   then the string to sign, `Name\nvalue\n` pairs with only the first value free-form,
 *   reads back one way only, and no text can move from one field to another.
 * - A lone surrogate becomes U+FFFD when encoded as UTF-8: two different texts would share
 *   one signature.
 */
function unfit(value: string, controls: boolean): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (controls && (code < 0x20 || code === 0x7f)) return true;
    if (code < 0xd800 || code > 0xdfff) continue;
    const next = value.charCodeAt(index + 1);
    if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
    index++;
  }
  return false;
}

function malformed(request: IncomingWebhook, message: string): WebhookVerificationError {
  return new WebhookVerificationError('malformed_request', message, {
    provider: request.provider,
  });
}

/** What `read` needs from the envelope, checked. */
export interface ReadSnsMessage {
  readonly envelope: Record<string, unknown>;
  readonly type: AwsSnsMessageType;
  /** The signed fields present, in signing order. */
  readonly fields: readonly (readonly [string, string])[];
  readonly signature: string | undefined;
  readonly signatureVersion: unknown;
  readonly signingCertUrl: string | undefined;
  readonly timestamp: ReceivedTimestamp;
}

function isType(value: unknown): value is AwsSnsMessageType {
  return typeof value === 'string' && Object.hasOwn(SIGNED_FIELDS, value);
}

/**
 * Reads the envelope SNS posts: a JSON object whose `Type` is one of the three, with every
 * field its type signs present as text (a notification's `Subject` may be absent, or null
 * as some SNS tools write it). Anything else is `malformed_request`, before any key is
 * fetched.
 */
export function readSnsMessage(request: IncomingWebhook): ReadSnsMessage {
  const envelope = request.jsonObject();
  const type = envelope.Type;
  if (!isType(type)) {
    throw malformed(
      request,
      'the body is not an SNS message: its Type is not Notification, SubscriptionConfirmation or UnsubscribeConfirmation. With raw message delivery SNS posts the bare message, which it does not sign: turn raw message delivery off for this subscription.',
    );
  }
  const fields: [string, string][] = [];
  for (const name of SIGNED_FIELDS[type]) {
    const value = envelope[name];
    if (name === OPTIONAL_FIELD && (value === undefined || value === null)) continue;
    if (typeof value !== 'string') {
      throw malformed(request, `the SNS ${type} has no ${name} text, which its signature covers.`);
    }
    if (unfit(value, name !== 'Message')) {
      throw malformed(
        request,
        `the SNS ${type}'s ${name} holds ${name === 'Message' ? 'a lone surrogate' : 'a control character or a lone surrogate'}, which SNS never sends.`,
      );
    }
    fields.push([name, value]);
  }
  const text = (name: string) => {
    const value = envelope[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const raw = envelope.Timestamp as string;
  return {
    envelope,
    type,
    fields,
    signature: text('Signature'),
    signatureVersion: envelope.SignatureVersion,
    signingCertUrl: text('SigningCertURL'),
    timestamp: {
      raw,
      ms: parseIsoInstant(raw, { utcOnly: true }),
      format: 'ISO-8601 in UTC, such as 2012-05-02T00:54:06.655Z',
    },
  };
}

/** The string SNS signs: each signed field's name, a line break, its value, a line break. */
export function snsStringToSign(fields: readonly (readonly [string, string])[]): MessagePart[] {
  const message: MessagePart[] = [];
  for (const [name, value] of fields) {
    message.push({ label: `${name} (name)`, value: name });
    message.push({ label: 'newline', value: '\n' });
    message.push({ label: name, value });
    message.push({ label: 'newline', value: '\n' });
  }
  return message;
}

/** The signed fields of a message to sign, in signing order (for `sign`). */
export function signedFieldsOf(
  type: AwsSnsMessageType,
  values: Readonly<Record<string, string | undefined>>,
): [string, string][] {
  const fields: [string, string][] = [];
  for (const name of SIGNED_FIELDS[type]) {
    const value = values[name];
    if (value !== undefined) fields.push([name, value]);
  }
  return fields;
}
