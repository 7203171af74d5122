import type { ProviderDefinition } from '../../catalog/provider-entry.js';
import { isoSeconds } from '../../catalog/samples.js';
import { jsonSignInput } from '../../catalog/sign-inputs.js';
import { encodeDigest } from '../../crypto/encoding.js';
import { decodePlain, encodePlain } from '../../crypto/signature-forms.js';
import type { SecretInput } from '../../keys/key-ring.js';
import type { WebhookScheme } from '../../scheme.js';
import type { SignedHttpRequest } from '../../signed-request.js';
import { type HmacSignInput, headerSignedScheme } from '../hmac.js';
import { adyenKeys } from './hmac-key.js';

const NAME = 'adyen.platform';

/** Options for `adyen.platform`. */
export interface AdyenPlatformOptions {
  /** The webhook's HMAC key, in hex; a list while rotating, newest first. */
  readonly hmacKey: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Adyen's platform webhooks (Balance Platform, Adyen for Platforms, Management API): the
 * `HmacSignature` header is the base64 HMAC-SHA256 of the raw body under the hex-decoded
 * HMAC key. Nothing is timestamped, so replays are refused on the matched digest for 24 h.
 * Checked against `@adyen/api-library`'s `hmacValidator.validateHMACSignature` and the
 * vectors of Adyen's Ruby and PHP libraries.
 *
 * @example
 * ```ts
 * const scheme = adyen.platform({ hmacKey: process.env.ADYEN_PLATFORM_HMAC_KEY! });
 * ```
 */
export function platform<TPayload = unknown>(
  options: AdyenPlatformOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return headerSignedScheme<TPayload>(
    {
      name: NAME,
      provider: 'adyen',
      signature: { header: 'hmacsignature' },
      message: '{body}',
      ...(options?.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
    },
    {
      algorithm: 'sha256',
      keys: adyenKeys(options?.hmacKey, NAME),
      replayBy: 'digest',
      encodingLabel: 'base64',
      decode: decodePlain('base64'),
      encode: encodePlain('base64', 'sha256'),
      produce: (message, context) => encodeDigest(context.digest(message, context.key()), 'base64'),
    },
  );
}

/** Adyen's platform webhooks in the list of providers. */
export const ADYEN_PLATFORM_PROVIDER = {
  id: NAME,
  title: 'Adyen platform webhooks (Balance Platform, Management API)',
  vendor: 'adyen',
  family: 'hmac',
  docs: 'https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'hmacKey',
      env: 'ADYEN_PLATFORM_HMAC_KEY',
      secret: true,
      format: 'list',
      description: "the webhook's HMAC key (hex)",
      // sha256("hookguard demo adyen platform key"), in hex.
      demo: '1220a7cfaef2b03c899e07a2a755ca8c11eaec32a774b561564751d99a4e68a1',
    },
  ],
  factory: platform,
  route: '/webhooks/adyen/platform',
  sample: (now) => ({
    body: {
      data: {
        id: `TRNF${String(now).padStart(12, '0').slice(-12)}`,
        amount: { currency: 'EUR', value: 100 },
        status: 'booked',
        creationDate: isoSeconds(now),
      },
      environment: 'test',
      type: 'balancePlatform.transfer.updated',
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "the test vectors of Adyen's Ruby and PHP libraries",
    sdk: {
      package: '@adyen/api-library',
      functions: ['hmacValidator.validateHMACSignature', 'hmacValidator.calculateHmac'],
    },
  },
} as const satisfies ProviderDefinition;
