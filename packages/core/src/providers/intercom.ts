import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link intercom}. */
export interface IntercomOptions {
  /** The app's client secret (Developer Hub, Basic Info), used as text; a list while rotating. */
  readonly clientSecret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Intercom: `X-Hub-Signature: sha1=<hex HMAC-SHA1(client secret, body)>`, "the hexadecimal
 * (40-byte) representation of a SHA-1 signature computed using the HMAC algorithm", keyed
 * with the app's `client_secret` (developers.intercom.com, webhook models, "Signed
 * notifications"); there is no separate webhook secret. SHA-1, not SHA-256: a `sha256=`
 * value is `invalid_signature`. Nothing is timestamped (the body's `created_at` is not
 * checked against any window Intercom documents), so replays are refused by the matched
 * digest for 24 h. The `ping` Intercom sends when a webhook is saved is a notification like
 * any other (`topic: "ping"`), verified and handed to your handler. Intercom publishes no
 * SDK verifier, and its example signature comes without its secret: the vectors are
 * independent.
 *
 * @example
 * ```ts
 * const scheme = intercom({ clientSecret: process.env.INTERCOM_CLIENT_SECRET! });
 * ```
 */
export function intercom<TPayload = unknown>(
  options: IntercomOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'intercom',
    secret: options.clientSecret,
    algorithm: 'sha1',
    signature: { header: 'x-hub-signature', prefix: 'sha1=' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Intercom in the list of providers. */
export const INTERCOM_PROVIDER = {
  id: 'intercom',
  title: 'Intercom webhooks (notifications)',
  vendor: 'intercom',
  family: 'hmac',
  docs: 'https://developers.intercom.com/docs/references/webhooks/webhook-models',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'clientSecret',
      env: 'INTERCOM_CLIENT_SECRET',
      secret: true,
      format: 'list',
      description: "app's client secret",
      demo: 'demo-intercom-client-secret',
    },
  ],
  factory: intercom,
  route: '/webhooks/intercom',
  sample: (now) => paymentEvent('intercom', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Intercom publishes no SDK verifier, and its example signature comes without the secret that made it.',
    vector:
      'independent vectors: HMAC-SHA1 through node:crypto (test/vectors/generate-intercom.mjs)',
  },
} as const satisfies ProviderDefinition;
