import type { ProviderDefinition } from '../../catalog/provider-entry.js';
import { jsonSignInput } from '../../catalog/sign-inputs.js';
import { encodeDigest, utf8Text } from '../../crypto/encoding.js';
import { decodePlain, encodePlain } from '../../crypto/signature-forms.js';
import { WebhookVerificationError } from '../../errors.js';
import type { SecretInput } from '../../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../../scheme.js';
import type { SignedHttpRequest } from '../../signed-request.js';
import { signatureList } from '../read-helpers.js';
import { adyenKeys } from './hmac-key.js';
import { type AdyenNotification, type Fail, notificationItems } from './notification-items.js';

const NAME = 'adyen';

/** Options for {@link adyen}. */
export interface AdyenOptions {
  /**
   * The webhook's HMAC key, in hex as the Customer Area shows it; a list while rotating,
   * newest first. Test and live have different keys.
   */
  readonly hmacKey: SecretInput;
  /** Seconds a replay store remembers an item (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** Input to `sign` for {@link adyen}. */
export interface AdyenSignInput {
  /**
   * The notification `{ live, notificationItems: [{ NotificationRequestItem }] }`, as an
   * object or JSON text: each item gets (or has replaced) `additionalData.hmacSignature`.
   */
  readonly body: unknown;
}

const HINT =
  'Adyen signs eight fields of each item, not the body: check that the HMAC key is the one generated for this webhook in the Customer Area (a test key never verifies a live webhook).';

/** The notification to sign, as a fresh object this call may change. */
function notificationToSign(body: unknown): unknown {
  try {
    if (typeof body === 'string') return JSON.parse(body);
    if (body instanceof Uint8Array) return JSON.parse(utf8Text(body));
    return JSON.parse(JSON.stringify(body) as string);
  } catch {
    throw new TypeError(
      `[hookguard] ${NAME}: sign expects { body } with a notification object or its JSON text.`,
    );
  }
}

/**
 * Adyen standard webhooks (payments): a JSON body `{ live, notificationItems: [...] }` whose
 * every `NotificationRequestItem` carries `additionalData.hmacSignature`, the base64
 * HMAC-SHA256, under the hex-decoded HMAC key, of
 * `pspReference:originalReference:merchantAccountCode:merchantReference:amount.value:amount.currency:eventCode:success`
 * (absent fields empty, nothing escaped). Every item must verify under the key that
 * verified the first, or the whole body is refused. Checked against `@adyen/api-library`'s
 * `hmacValidator` and the test vectors of Adyen's Node, Ruby and PHP libraries.
 *
 * Quirks: the body is not signed, only those eight fields of each item (`additionalData`,
 * `eventDate`, `reason`, `paymentMethod`, `operations` and `live` are not); nothing is
 * timestamped; values are joined with an unescaped `:`, so a colon in a value lets whoever
 * saw an item move text between neighbouring fields. Replays are refused per item, on the
 * signed string, which such a variant shares with the original.
 *
 * @example
 * ```ts
 * const scheme = adyen({ hmacKey: process.env.ADYEN_HMAC_KEY! });
 * ```
 */
export function adyen<TPayload = AdyenNotification>(
  options: AdyenOptions,
): WebhookScheme<TPayload, AdyenSignInput, SignedHttpRequest> {
  return defineWebhookScheme<TPayload, AdyenSignInput, SignedHttpRequest>({
    name: NAME,
    provider: 'adyen',
    mediaType: 'json',
    algorithm: 'sha256',
    keys: adyenKeys(options?.hmacKey, NAME),
    tolerance: false,
    // Each item on its own signed string: the same item under a rotated key, or with its
    // colons moved between fields, is the same delivery (see replayKeysOf).
    replayBy: 'message',
    replayTtlSeconds: resolveReplayTtl(false, options?.replayTtl, NAME),
    signatureFormat: 'base64',
    read(request) {
      const notification = request.jsonObject();
      const fail: Fail = (message) => {
        throw new WebhookVerificationError('malformed_request', message, { provider: NAME });
      };
      const [first, ...rest] = notificationItems(notification, fail);
      // notificationItems refuses an empty list, so there is a first item.
      const primary = first as NonNullable<typeof first>;
      return {
        signatures: signatureList(primary.signature),
        signatureSource: primary.signatureSource,
        message: primary.message,
        mismatchHint: HINT,
        items: rest.map((item) => ({
          signatures: signatureList(item.signature),
          signatureSource: item.signatureSource,
          message: item.message,
          mismatchHint: `Every item of a batch must verify under the key that verified the first; the whole batch is refused. ${HINT}`,
        })),
        payload: () => notification as TPayload,
      };
    },
    decode: decodePlain('base64'),
    encode: encodePlain('base64', 'sha256'),
    sign(input, context) {
      const notification = notificationToSign(input?.body);
      const fail: Fail = (message) => {
        throw new TypeError(`[hookguard] ${NAME}: sign: ${message}`);
      };
      const key = context.key();
      for (const item of notificationItems(notification, fail)) {
        const additionalData = (item.fields.additionalData ?? {}) as Record<string, unknown>;
        item.fields.additionalData = {
          ...additionalData,
          hmacSignature: encodeDigest(context.digest(item.message, key), 'base64'),
        };
      }
      return {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notification),
      };
    },
  });
}

/** An Adyen standard webhook made at `now`: its pspReference differs with `now`. */
function sampleNotification(now: number): AdyenNotification {
  return {
    live: 'false',
    notificationItems: [
      {
        NotificationRequestItem: {
          amount: { currency: 'EUR', value: 100 },
          pspReference: `DEMO${String(now).padStart(12, '0').slice(-12)}`,
          eventCode: 'AUTHORISATION',
          success: 'true',
          merchantAccountCode: 'DemoMerchant',
          merchantReference: 'order_demo_1',
          eventDate: new Date(now).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
          paymentMethod: 'visa',
          reason: 'demo',
          additionalData: {},
        },
      },
    ],
  };
}

/** Adyen's standard webhooks in the list of providers. */
export const ADYEN_PROVIDER = {
  id: NAME,
  title: 'Adyen standard webhooks (payments)',
  vendor: 'adyen',
  family: 'hmac',
  docs: 'https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'hmacKey',
      env: 'ADYEN_HMAC_KEY',
      secret: true,
      format: 'list',
      description: "the webhook's HMAC key (hex)",
      // sha256("hookguard demo adyen key"), in hex.
      demo: '9ed7865be6266e3dec7af9aa408b29e6a7571ffea24493f6281aead260b5692f',
    },
  ],
  factory: adyen,
  route: '/webhooks/adyen',
  sample: (now) => ({ body: sampleNotification(now) }),
  // A captured notification is signed again (its items' signatures replaced); no body, a sample.
  signInput: (body) => (body.length === 0 ? { body: sampleNotification(0) } : jsonSignInput(body)),
  checkedAgainst: {
    vector:
      "the test vectors of Adyen's Node, Ruby and PHP libraries, including webhooks Adyen signed",
    sdk: {
      package: '@adyen/api-library',
      functions: ['hmacValidator.validateHMAC', 'hmacValidator.calculateHmac'],
    },
  },
} as const satisfies ProviderDefinition;
