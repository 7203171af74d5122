import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import type { HmacSignInput } from './hmac.js';
import { publicKeyScheme } from './public-key-scheme.js';

/** Options for {@link telnyx}. */
export interface TelnyxOptions {
  /** The account's public key, as Mission Control shows it (the 32 raw bytes in base64). */
  readonly publicKey: SecretInput;
  /** Seconds of skew allowed each way on `telnyx-timestamp`; default 300, as Telnyx's SDK. */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default twice the tolerance. */
  readonly replayTtl?: number;
  /** Only for `sign` (tests): a private key's 32-byte seed in base64. */
  readonly privateKey?: string;
}

/**
 * Telnyx (API v2 webhooks): `telnyx-signature-ed25519` is the base64 Ed25519 signature of
 * `<telnyx-timestamp>|<raw body>` under the account's public key; the SDK refuses a
 * timestamp more than 300 s off either way. Checked against `telnyx`'s `TelnyxWebhook`
 * (lib/webhooks), which verifies exactly this.
 *
 * @example
 * ```ts
 * const scheme = telnyx({ publicKey: process.env.TELNYX_PUBLIC_KEY! });
 * ```
 */
export function telnyx<TPayload = unknown>(
  options: TelnyxOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return publicKeyScheme<TPayload>({
    name: 'telnyx',
    algorithm: 'ed25519',
    publicKey: options.publicKey,
    publicKeyEncoding: 'ed25519-base64',
    encoding: 'base64',
    signature: { header: 'telnyx-signature-ed25519' },
    timestamp: { header: 'telnyx-timestamp', unit: 's' },
    message: '{timestamp}|{body}',
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
    ...(options.privateKey === undefined ? {} : { privateKey: options.privateKey }),
  });
}

/** Telnyx in the list of providers. */
export const TELNYX_PROVIDER = {
  id: 'telnyx',
  title: 'Telnyx webhooks (API v2)',
  vendor: 'telnyx',
  family: 'public-key',
  docs: 'https://developers.telnyx.com/docs/messaging/messages/receiving-webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'publicKey',
      env: 'TELNYX_PUBLIC_KEY',
      // Public, but read from the environment like every other key.
      secret: true,
      format: 'list',
      description: 'account public key (base64)',
      // The public key of the demo seed below (sha256 of "hookguard demo telnyx key").
      demo: '2P8UzdWGESxHh8sPW6nS2kmfdwmvicbf/jZyzuaBUBY=',
    },
    {
      option: 'privateKey',
      env: 'TELNYX_PRIVATE_KEY',
      secret: true,
      format: 'text',
      description: 'a private key seed (base64), only to sign test deliveries',
      demo: 'EA4016dlHwbPufqh9DIGfHnJil0leOW1UKDyVcr6Hog=',
    },
  ],
  factory: telnyx,
  route: '/webhooks/telnyx',
  sample: (now) => ({
    body: {
      data: { event_type: 'message.received', id: `telnyx_${now}`, payload: { amount: 100 } },
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'vectors signed with OpenSSL, and the telnyx SDK',
    sdk: { package: 'telnyx', functions: ['TelnyxWebhook.verify'] },
  },
} as const satisfies ProviderDefinition;
