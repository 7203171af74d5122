import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { bodyText } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import { type HmacSignedRequest, type HmacSignInput, hmac } from './hmac.js';

const NAME = 'mailgun';
/**
 * Mailgun retries a failed webhook for 8 hours (10 min, 10 min, 15 min, 30 min, 1 h, 2 h,
 * 4 h: 8 h 05 min in all) and does not say a retry is signed again: the window covers the
 * last one.
 */
const MAILGUN_TOLERANCE_SECONDS = 9 * 60 * 60;

/** Options for {@link mailgun}. */
export interface MailgunOptions {
  /**
   * The HTTP webhook signing key (Settings › Webhooks), used as text; a list while rotating,
   * or to also accept the `parent-signature` of a subaccount's events with the parent's key.
   */
  readonly signingKey: SecretInput;
  /**
   * Seconds of skew allowed each way on `signature.timestamp`; default 32 400 (9 h), the
   * span of Mailgun's retries. Replays are refused by the signed token meanwhile.
   */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a token; default twice the tolerance. */
  readonly replayTtl?: number;
}

/**
 * Mailgun webhooks (documentation.mailgun.com/docs/mailgun/user-manual/webhooks/
 * securing-webhooks): the JSON body carries `signature: { timestamp, token, signature }`,
 * where `signature` is the hex HMAC-SHA256 of `timestamp + token` (no separator) with the
 * webhook signing key as text; a subaccount's event also carries `parent-signature`, the
 * same made with the parent account's key, and either may match a configured key.
 *
 * **The signature covers the timestamp and the token only, not the rest of the body**:
 * `event-data` is handed over as sent. A captured delivery could carry other event data
 * under the same signature, so replays are keyed on the signed token (Mailgun: "cache the
 * token value locally and not honor any subsequent request with the same token"), never on
 * the body, and the token is remembered for the whole window: the same token with another
 * body is `replayed`. Where acting on an event matters, fetch it from Mailgun's Events API
 * by its `event-data.id`.
 *
 * The window is 9 h each way: Mailgun warns that "there can be delays in webhook processing"
 * and retries for 8 h, without saying a retry is signed again. JSON webhooks only: the
 * legacy form-encoded webhooks and routes' forwarded messages are not read.
 * Checked against the vector in Mailgun's PHP SDK tests (`WebhookTest`); Mailgun's Node SDK
 * (`mailgun.js`) has no verifier.
 *
 * @example
 * ```ts
 * const scheme = mailgun({ signingKey: process.env.MAILGUN_WEBHOOK_SIGNING_KEY! });
 * ```
 */
export function mailgun<TPayload = unknown>(
  options: MailgunOptions,
): WebhookScheme<TPayload, HmacSignInput, HmacSignedRequest> {
  return hmac<TPayload>({
    name: NAME,
    secret: options.signingKey,
    secretOption: 'signingKey',
    signature: { json: ['signature.signature', 'signature.parent-signature'] },
    timestamp: { json: 'signature.timestamp', unit: 's' },
    message: '{timestamp}{json:signature.token}',
    mismatchHint:
      "Mailgun signs the body's signature.timestamp and signature.token with the HTTP webhook signing key (Settings › Webhooks), not the API key.",
    // The token is signed; the rest of the body is not (Mailgun's own advice).
    replay: { json: 'signature.token' },
    tolerance: options.tolerance ?? MAILGUN_TOLERANCE_SECONDS,
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Mailgun in the list of providers. */
export const MAILGUN_PROVIDER = {
  id: NAME,
  title: 'Mailgun webhooks',
  vendor: 'mailgun',
  family: 'hmac',
  docs: 'https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'signingKey',
      env: 'MAILGUN_WEBHOOK_SIGNING_KEY',
      secret: true,
      format: 'list',
      description: 'HTTP webhook signing key',
      demo: 'demo-mailgun-webhook-signing-key',
    },
  ],
  factory: mailgun,
  route: '/webhooks/mailgun',
  // A delivered event; `sign` adds the signature object with a fresh token.
  sample: (now) => ({
    body: {
      'event-data': {
        id: `evt-${now}`,
        event: 'delivered',
        timestamp: now / 1000,
        recipient: 'alice@example.com',
        'user-variables': { 'order-total': '100' },
      },
    },
    timestamp: now,
  }),
  // The body given to the CLI is signed afresh: a captured delivery's own signature is replaced.
  signInput: (body) => {
    const text = body.length === 0 ? '{}' : bodyText(body);
    try {
      const { signature: _signature, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return { body: rest };
    } catch {
      // Not JSON: sign refuses it, saying what it takes.
      return { body: text };
    }
  },
  checkedAgainst: {
    vector:
      "Mailgun's PHP SDK test vector (WebhookTest::testVerifyWebhookGood), and independent vectors",
  },
} as const satisfies ProviderDefinition;
