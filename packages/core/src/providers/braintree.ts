import { platform } from '#platform';
import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { bodyText } from '../catalog/sign-inputs.js';
import { decodeBase64, encodeDigest } from '../crypto/encoding.js';
import { sha1 } from '../crypto/sha1.js';
import { decodePlain, encodePlain } from '../crypto/signature-forms.js';
import { WebhookVerificationError } from '../errors.js';
import { queryChallenge } from '../handshake/flows.js';
import { textReply } from '../handshake/handshake.js';
import type { Key } from '../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../scheme.js';
import { formBody, type SignedHttpRequest } from '../signed-request.js';

/** Options for {@link braintree}. */
export interface BraintreeOptions {
  /** The API key pair's public key, as the Control Panel shows it. */
  readonly publicKey: string;
  /** Its private key: the HMAC key is the SHA-1 of it, as Braintree's SDKs derive it. */
  readonly privateKey: string;
  /** Seconds a replay store remembers a notification (nothing is timestamped in the form); default 24 h. */
  readonly replayTtl?: number;
}

/** Input to `sign` for Braintree: the notification's XML, as Braintree sends it. */
export interface BraintreeSignInput {
  readonly xml: string;
}

/** A verified Braintree notification. */
export interface BraintreeNotification {
  /** The notification's XML, decoded from `bt_payload`. */
  readonly xml: string;
  /** Its `<kind>`, such as `subscription_charged_successfully`, where the XML has one. */
  readonly kind: string | undefined;
  /** Its `<timestamp>` as written in the XML, where it has one. */
  readonly timestamp: string | undefined;
  /**
   * The two form fields as received, for the SDK's own parser when you want its objects
   * (`gateway.webhookNotification.parse(signature, payload)` checks them again, offline).
   */
  readonly signature: string;
  readonly payload: string;
}

const NAME = 'braintree';
// braintree_node `webhook_notification_gateway.js` refuses any other character in bt_payload.
const PAYLOAD_CHARACTERS = /^[A-Za-z0-9+=/\n]*$/;
// The SDK's `verify(challenge)` answers only 20 to 32 lowercase hex characters.
const CHALLENGE = /^[a-f0-9]{20,32}$/;
const FIRST_TAG = (tag: string) => new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`);
const KIND = FIRST_TAG('kind');
const TIMESTAMP = FIRST_TAG('timestamp');

function required(
  value: string | undefined,
  field: string,
  code: 'missing_signature' | 'malformed_request',
): string {
  if (value === undefined || value === '') {
    throw new WebhookVerificationError(code, `the ${field} form field is missing.`, {
      provider: NAME,
    });
  }
  return value;
}

/**
 * The notification inside a verified `bt_payload`: base64 (with the line breaks Braintree's
 * Ruby side inserts) of UTF-8 XML. The XML must start with `<`: the GET challenge answers
 * anyone with an HMAC of 20–32 hex characters under the same key, and hex characters are
 * also base64 ones, so a challenge answer is a valid signature over a payload made of hex;
 * such a payload never decodes to text starting with `<` (its first byte is `h`–`k` or
 * above 0xCF), so it is refused here, after its signature passed, before any handler.
 */
function notificationOf(payload: string, signature: string): BraintreeNotification {
  const bytes = decodeBase64(payload.replaceAll('\n', ''));
  let xml: string | undefined;
  try {
    xml = bytes === undefined ? undefined : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    xml = undefined;
  }
  if (xml === undefined || !/^\s*</.test(xml)) {
    throw new WebhookVerificationError(
      'malformed_request',
      'bt_payload is not the base64 of a UTF-8 XML notification.',
      { provider: NAME },
    );
  }
  return {
    xml,
    kind: KIND.exec(xml)?.[1],
    timestamp: TIMESTAMP.exec(xml)?.[1],
    signature,
    payload,
  };
}

/**
 * Braintree webhooks: a form POST with `bt_signature` and `bt_payload`. `bt_payload` is the
 * base64 of the notification's XML; `bt_signature` lists `publicKey|hex` pairs joined by `&`,
 * and the pair for your public key is the hex HMAC-SHA1 of `bt_payload` (or of it followed by
 * a line break) under SHA-1(private key). The endpoint check is a GET with `bt_challenge`,
 * answered `publicKey|HMAC-SHA1(SHA-1(private key), challenge)`: the adapters answer it.
 * Nothing in the form is timestamped (the XML's own `<timestamp>` is kept as Braintree wrote
 * it: Braintree retries a failed notification unchanged, so no window is applied), so
 * replays are refused by the matched digest for 24 h. Checked against the `braintree` SDK
 * (`webhookTesting.sampleNotification`, `webhookNotification.parse` and `.verify`); source:
 * braintree_node `lib/braintree/webhook_notification_gateway.js` and `digest.js`.
 *
 * @example
 * ```ts
 * const scheme = braintree({
 *   publicKey: process.env.BRAINTREE_PUBLIC_KEY!,
 *   privateKey: process.env.BRAINTREE_PRIVATE_KEY!,
 * });
 * app.all('/webhooks/braintree', webhook(scheme), (req, res) => {
 *   const { kind } = verifiedWebhook(req, scheme).payload;
 *   res.sendStatus(200);
 * });
 * ```
 */
export function braintree(
  options: BraintreeOptions,
): WebhookScheme<BraintreeNotification, BraintreeSignInput, SignedHttpRequest> {
  const { publicKey, privateKey } = options ?? ({} as BraintreeOptions);
  for (const [option, value] of [
    ['publicKey', publicKey],
    ['privateKey', privateKey],
  ] as const) {
    if (typeof value !== 'string' || value === '')
      throw new TypeError(`[hookguard] ${NAME}: ${option} must be a non-empty string.`);
  }
  if (publicKey.includes('|') || publicKey.includes('&'))
    throw new TypeError(`[hookguard] ${NAME}: publicKey cannot contain | or &.`);
  const key: Key = {
    id: publicKey,
    bytes: sha1(platform.utf8(privateKey)),
    hasOuterWhitespace: privateKey.trim() !== privateKey || publicKey.trim() !== publicKey,
  };
  return defineWebhookScheme<BraintreeNotification, BraintreeSignInput, SignedHttpRequest>({
    name: NAME,
    provider: NAME,
    mediaType: 'form',
    algorithm: 'sha1',
    keys: new Map([[publicKey, key]]),
    tolerance: false,
    replayBy: 'digest',
    replayTtlSeconds: resolveReplayTtl(false, options.replayTtl, NAME),
    signatureFormat: '<public key>|<hex>, pairs joined by &',
    handshakes: [
      queryChallenge({
        name: 'braintree.challenge',
        arrives: 'GET ?bt_challenge=<20–32 hex characters>',
        challenge: 'bt_challenge',
        reply(challenge, request) {
          if (!CHALLENGE.test(challenge)) {
            throw new WebhookVerificationError(
              'malformed_request',
              'bt_challenge must be 20 to 32 lowercase hex characters.',
              { provider: NAME },
            );
          }
          const digest = request.hmac('sha1', challenge) as Uint8Array;
          return textReply(`${publicKey}|${encodeDigest(digest, 'hex')}`);
        },
      }),
    ],
    read(request) {
      const form = request.form();
      const signature = required(form.single('bt_signature'), 'bt_signature', 'missing_signature');
      const payload = required(form.single('bt_payload'), 'bt_payload', 'malformed_request');
      if (!PAYLOAD_CHARACTERS.test(payload)) {
        throw new WebhookVerificationError(
          'malformed_request',
          'bt_payload holds characters other than base64 and line breaks.',
          { provider: NAME },
        );
      }
      const pairs = signature
        .split('&')
        .filter((pair) => pair.includes('|'))
        .map((pair) => [pair.slice(0, pair.indexOf('|')), pair.slice(pair.indexOf('|') + 1)]);
      // The pair for a configured public key; else the first, whose key id unknown_key names.
      const pair = pairs.find(([id]) => id === publicKey) ?? pairs[0];
      if (pair === undefined) {
        throw new WebhookVerificationError(
          'invalid_signature',
          'the bt_signature form field holds no publicKey|signature pair.',
          { provider: NAME },
        );
      }
      const message = [{ label: 'bt_payload', value: payload }];
      return {
        signatures: [pair[1] as string],
        signatureSource: 'the bt_signature form field',
        keyId: pair[0],
        message,
        // Braintree's SDKs accept the payload with a line break after it too.
        alternatives: [[...message, { label: 'newline', value: '\n' }]],
        payload: () => notificationOf(payload, signature),
      };
    },
    decode: decodePlain('hex'),
    encode: encodePlain('hex', 'sha1'),
    sign(input, context) {
      if (typeof input?.xml !== 'string')
        throw new TypeError(`[hookguard] ${NAME}: sign expects { xml: string }.`);
      // As the SDK's sampleNotification: base64 of the XML, then a line break.
      const payload = `${encodeDigest(platform.utf8(input.xml), 'base64')}\n`;
      const digest = context.digest([{ label: 'bt_payload', value: payload }], context.key());
      return {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody([
          ['bt_signature', `${publicKey}|${encodeDigest(digest, 'hex')}`],
          ['bt_payload', payload],
        ]),
      };
    },
  });
}

/** Braintree in the list of providers. */
export const BRAINTREE_PROVIDER = {
  id: 'braintree',
  title: 'Braintree webhooks',
  vendor: 'braintree',
  family: 'hmac',
  docs: 'https://developer.paypal.com/braintree/docs/guides/webhooks/parse',
  verifies: true,
  mediaType: 'form',
  timestamped: false,
  settings: [
    {
      option: 'publicKey',
      env: 'BRAINTREE_PUBLIC_KEY',
      secret: false,
      flag: '--public-key',
      format: 'text',
      description: 'API public key',
      demo: 'demo_braintree_public_key',
    },
    {
      option: 'privateKey',
      env: 'BRAINTREE_PRIVATE_KEY',
      secret: true,
      format: 'text',
      description: 'API private key',
      demo: 'demo-braintree-private-key',
    },
  ],
  factory: braintree,
  route: '/webhooks/braintree',
  sample: (now) => ({
    xml: `<notification><timestamp type="datetime">${new Date(now).toISOString()}</timestamp><kind>transaction_settled</kind><subject><transaction><id>txn_${now}</id><amount>100.00</amount></transaction></subject></notification>`,
  }),
  // The CLI's input: the XML itself, or a captured delivery's form, whose XML is signed again.
  signInput: (body) => {
    const text = bodyText(body);
    const payload = text.trimStart().startsWith('<')
      ? null
      : new URLSearchParams(text).get('bt_payload');
    const bytes = payload === null ? undefined : decodeBase64(payload.replaceAll('\n', ''));
    return { xml: bytes === undefined ? text : bodyText(bytes) };
  },
  checkedAgainst: {
    vector: 'notifications signed by the braintree SDK',
    sdk: {
      package: 'braintree',
      functions: [
        'webhookTesting.sampleNotification',
        'webhookNotification.parse',
        'webhookNotification.verify',
      ],
    },
  },
} as const satisfies ProviderDefinition;
