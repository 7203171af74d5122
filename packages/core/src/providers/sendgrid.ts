import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import type { HmacSignInput } from './hmac.js';
import { publicKeyScheme } from './public-key-scheme.js';

/**
 * SendGrid retries an Event Webhook POST "at increasing intervals for up to 24 hours after
 * the event occurs" (docs: Troubleshooting the Event Webhook). See {@link SendgridOptions.tolerance}.
 */
const SENDGRID_DEFAULT_TOLERANCE_SECONDS = 24 * 60 * 60;

/** Options for {@link sendgrid}. */
export interface SendgridOptions {
  /**
   * The Signed Event Webhook's verification key, as Mail Settings shows it: a P-256
   * SubjectPublicKeyInfo in base64 (`MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…`), no PEM armour.
   * A list while you move to a new key.
   */
  readonly publicKey: SecretInput;
  /**
   * Seconds of skew allowed each way on `X-Twilio-Email-Event-Webhook-Timestamp`; default
   * 86 400 (24 h), `false` disables the check (as SendGrid's SDKs do: they check none).
   *
   * SendGrid documents no window, and does not say whether a retry is signed again with a
   * new timestamp; it only says failed POSTs are retried for up to 24 hours. A 300 s window
   * would refuse every retry that kept its first signature, and SendGrid drops the events
   * once its retries run out. So the default covers the whole retry period: a captured
   * request is still refused after a day, and within it the replay store (keyed on the
   * signed message, remembered for twice the tolerance) refuses the copy. If your logs
   * show retries arriving with fresh timestamps, a tighter `tolerance: 300` is safe.
   */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default twice the tolerance (48 h). */
  readonly replayTtl?: number;
  /** Only for `sign` (tests, the CLI): a P-256 private key as PKCS#8 DER in base64. */
  readonly privateKey?: string;
}

/**
 * SendGrid's Signed Event Webhook: `X-Twilio-Email-Event-Webhook-Signature` is the base64 of
 * a DER ECDSA signature (P-256, SHA-256) over `X-Twilio-Email-Event-Webhook-Timestamp`
 * followed by the raw body, with no separator. The body is a JSON array of events and ends
 * in `\r\n`, which is signed too: verify the bytes as received. Each event's `sg_event_id`
 * is yours to deduplicate on; hookguard's replay store refuses a copy of the same signed
 * POST. Checked against `@sendgrid/eventwebhook` (`EventWebhook.verifySignature`) and the
 * fixtures its tests share with SendGrid's other SDKs.
 *
 * @example
 * ```ts
 * const scheme = sendgrid({ publicKey: process.env.SENDGRID_WEBHOOK_PUBLIC_KEY! });
 * ```
 */
export function sendgrid<TPayload = unknown>(
  options: SendgridOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return publicKeyScheme<TPayload>({
    name: 'sendgrid',
    algorithm: 'ecdsa-p256-sha256',
    publicKey: options?.publicKey,
    publicKeyEncoding: 'spki-base64',
    encoding: 'base64',
    signatureForm: 'der',
    signature: { header: 'x-twilio-email-event-webhook-signature' },
    timestamp: { header: 'x-twilio-email-event-webhook-timestamp', unit: 's' },
    message: '{timestamp}{body}',
    tolerance:
      options?.tolerance === undefined ? SENDGRID_DEFAULT_TOLERANCE_SECONDS : options.tolerance,
    ...(options?.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
    ...(options?.privateKey === undefined ? {} : { privateKey: options.privateKey }),
  });
}

/** SendGrid in the list of providers. */
export const SENDGRID_PROVIDER = {
  id: 'sendgrid',
  title: 'SendGrid Event Webhook (signed)',
  vendor: 'sendgrid',
  family: 'public-key',
  docs: 'https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'publicKey',
      env: 'SENDGRID_WEBHOOK_PUBLIC_KEY',
      // Public, but read from the environment like every other key.
      secret: true,
      format: 'list',
      description: 'Event Webhook verification key (base64 SPKI)',
      // The public key of the demo private key below, whose scalar is the SHA-256 of
      // "hookguard demo sendgrid key" (less than the P-256 group order, so a valid key).
      demo: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7G68jnLMGL97QbgyWOFSe/kphrs2JTxmtV7W/tbI0V6fxU610bsIXMZE8v9w7Fz0MRtEuNfqM0zGRo7pn+do2w==',
    },
    {
      option: 'privateKey',
      env: 'SENDGRID_WEBHOOK_PRIVATE_KEY',
      secret: true,
      format: 'text',
      description: 'a P-256 private key (PKCS#8 base64), only to sign test deliveries',
      demo: 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgojusWYJ7SulS7EpvGjEVikv27JdIrkZZbv7f2xeT6BehRANCAATsbryOcswYv3tBuDJY4VJ7+SmGuzYlPGa1Xtb+1sjRXp/FTrXRuwhcxkTy/3DsXPQxG0S41+ozTMZGjumf52jb',
    },
  ],
  factory: sendgrid,
  route: '/webhooks/sendgrid',
  sample: (now) => ({
    // As SendGrid posts it: a JSON array of events, ending in CRLF.
    body: `${JSON.stringify([
      {
        email: 'customer@example.com',
        event: 'delivered',
        sg_event_id: `sg_event_${now}`,
        sg_message_id: `sg_message_${now}`,
        timestamp: Math.floor(now / 1000),
      },
    ])}\r\n`,
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "@sendgrid/eventwebhook's fixtures, and vectors signed with OpenSSL",
    sdk: { package: '@sendgrid/eventwebhook', functions: ['EventWebhook.verifySignature'] },
  },
} as const satisfies ProviderDefinition;
