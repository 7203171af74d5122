import { platform } from '#platform';
import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { decodeBase64, encodeDigest } from '../crypto/encoding.js';
import { decodePlain, encodePlain } from '../crypto/signature-forms.js';
import { keysFromSecrets, type SecretDecoder, type SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, headerSignedScheme } from './hmac.js';
import { standardLayout } from './standard-webhooks.js';

const NAME = 'polar';
/** What Polar generates since 2026-09-08: `whsec_` and the padded base64 of 32 random bytes. */
const STANDARD_SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;
const KEY_BYTES = 32;

/**
 * How a Polar secret becomes the HMAC key:
 * - `utf8`: Polar's original signing, the UTF-8 bytes of the whole secret (`whsec_` and
 *   all), as `@polar-sh/sdk`'s `validateEvent` reads it (it base64-encodes the secret for
 *   the Standard Webhooks library, which decodes it again).
 * - `whsec-base64`: the Standard Webhooks reading, the base64 after `whsec_` decoded.
 * - `auto` (default): `whsec-base64` for a secret shaped as Polar generates them since
 *   2026-09-08 (`whsec_` + the padded base64 of 32 bytes), `utf8` for any other.
 */
export type PolarSecretEncoding = 'auto' | 'utf8' | 'whsec-base64';

/** Options for {@link polar}. */
export interface PolarOptions {
  /** The endpoint's secret as Polar shows it; a list while rotating. */
  readonly secret: SecretInput;
  /** Default `auto`; see {@link PolarSecretEncoding}. */
  readonly secretEncoding?: PolarSecretEncoding;
  /** Seconds of skew allowed each way on the timestamp; default 300, as Standard Webhooks. */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
}

function keyReader(encoding: PolarSecretEncoding): SecretDecoder {
  return (secret) => {
    if (encoding === 'utf8') return platform.utf8(secret);
    if (encoding === 'whsec-base64')
      return decodeBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
    // Only a secret of exactly Polar's new shape is decoded: its key is always 32 bytes. A
    // legacy secret (`whsec_` and 43 URL-safe characters, or text you chose) keeps its
    // UTF-8 bytes; decoding one could make a short, guessable key.
    const key = STANDARD_SECRET.test(secret)
      ? decodeBase64(secret.slice('whsec_'.length))
      : undefined;
    return key?.length === KEY_BYTES ? key : platform.utf8(secret);
  };
}

/**
 * Polar (polar.sh/docs/integrate/webhooks/delivery): Standard Webhooks headers
 * (`webhook-id`, `webhook-timestamp` in seconds, `webhook-signature: v1,<base64> …`), each
 * `v1` the HMAC-SHA256 of `id + "." + timestamp + "." + body`, 300 s each way, replays
 * refused by the signed `webhook-id` (Polar keeps it across its retries).
 *
 * **Two keys for one secret text.** Until 2026-09-08 Polar keyed the HMAC with the UTF-8
 * bytes of the whole secret; its docs say "the webhook secret is expected to be base64
 * encoded" before a Standard Webhooks library gets it, and `@polar-sh/sdk` 0.49
 * `validateEvent` does exactly that. Endpoints created, or secrets reset, since then are
 * signed as the specification says, with the base64 after `whsec_` decoded (polarsource/polar
 * `server/polar/webhook/tasks.py` `sign_webhook`, `constants.py`
 * `WEBHOOK_STANDARD_SIGNATURE_CUTOFF`); Polar's dashboard labels each endpoint "Standard
 * Webhooks" or "Legacy signing". The two secret shapes differ (43 URL-safe characters
 * after `whsec_` before, 44 padded base64 after), so `secretEncoding: 'auto'` reads each by
 * its shape; set it to the dashboard's label if yours was typed by hand. A wrong reading
 * only refuses deliveries, it never accepts a forged one.
 *
 * Checked against `@polar-sh/sdk` `validateEvent` (legacy keys) and the `standardwebhooks`
 * library Polar's server signs with (new keys).
 *
 * @example
 * ```ts
 * const scheme = polar({ secret: process.env.POLAR_WEBHOOK_SECRET! });
 * ```
 */
export function polar<TPayload = unknown>(
  options: PolarOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const encoding = options?.secretEncoding ?? 'auto';
  if (encoding !== 'auto' && encoding !== 'utf8' && encoding !== 'whsec-base64') {
    throw new TypeError(
      `[hookguard] ${NAME}: secretEncoding must be 'auto', 'utf8' (legacy signing) or 'whsec-base64' (Standard Webhooks).`,
    );
  }
  return headerSignedScheme<TPayload>(standardLayout(NAME, NAME, 'webhook', options), {
    algorithm: 'sha256',
    keys: keysFromSecrets(options.secret, 'secret', NAME, keyReader(encoding)),
    // Several v1 signatures while a secret rolls: key replays on the message, not a digest.
    replayBy: 'message',
    encodingLabel: 'base64',
    decode: decodePlain('base64'),
    encode: encodePlain('base64', 'sha256'),
    produce: (message, context) => encodeDigest(context.digest(message, context.key()), 'base64'),
  });
}

/** Polar in the list of providers. */
export const POLAR_PROVIDER = {
  id: NAME,
  title: 'Polar webhooks',
  vendor: NAME,
  family: 'hmac',
  docs: 'https://polar.sh/docs/integrate/webhooks/delivery',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'POLAR_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook secret, whsec_…',
      // A secret of Polar's current shape: sha256("hookguard demo polar webhook secret").
      demo: 'whsec_zzh+QSmMFTvBLJPJ0eHR0280iJILHXpJbVMn6qx41yA=',
    },
  ],
  factory: polar,
  route: '/webhooks/polar',
  sample: (now) => paymentEvent(NAME, now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      'vectors signed by standardwebhooks 1.1.1 as Polar signs (both key readings), legacy ones accepted by @polar-sh/sdk validateEvent',
    sdk: { package: '@polar-sh/sdk', functions: ['validateEvent'] },
  },
} as const satisfies ProviderDefinition;
