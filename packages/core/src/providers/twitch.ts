import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { challengeText, payloadField } from '../handshake/flows.js';
import { type Handshake, textReply } from '../handshake/handshake.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

const MESSAGE_TYPE = 'twitch-eventsub-message-type';
const VERIFICATION = 'webhook_callback_verification';
/** Twitch: "make sure the timestamp isn't older than 10 minutes" (guarding against replays). */
const TWITCH_TOLERANCE_SECONDS = 600;

/**
 * `webhook_callback_verification`: answered with the payload's `challenge` as raw
 * `text/plain`, once the request verified (dev.twitch.tv/docs/eventsub/handling-webhook-events,
 * "Responding to a challenge request").
 *
 * Recognised by the `Twitch-Eventsub-Message-Type` header **or** a `challenge` field in the
 * body. The header is not signed (Twitch signs id + timestamp + body), so it alone must not
 * decide: a body with a `challenge` (which only a verification carries) is never handed to
 * the handler whatever the header says, and a request that says it is a verification but
 * carries no challenge is `malformed_request`, never a delivery.
 */
const TWITCH_VERIFICATION: Handshake = {
  name: 'twitch.webhook_callback_verification',
  signed: true,
  arrives: `POST {"challenge":"…","subscription":{…}} with Twitch-Eventsub-Message-Type: ${VERIFICATION} (signed)`,
  answer(request) {
    const challenge = payloadField(request.payload, 'challenge');
    if (challenge === undefined && request.header(MESSAGE_TYPE) !== VERIFICATION) return undefined;
    return textReply(challengeText(challenge, 'challenge field', request));
  },
};

/** Options for {@link twitch}. */
export interface TwitchOptions {
  /** The subscription's `transport.secret` (10–100 characters); a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds of skew allowed each way; default 600, Twitch's own 10 minutes. */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a message id; default twice the tolerance. */
  readonly replayTtl?: number;
}

/**
 * Twitch EventSub (webhook transport): `Twitch-Eventsub-Message-Signature: sha256=<hex
 * HMAC-SHA256(secret, message id + timestamp + body)>`, the timestamp in RFC 3339 with
 * nanoseconds, as sent. Messages older (or newer) than 10 minutes are refused, and replays
 * are refused by `Twitch-Eventsub-Message-Id`, which the signature covers and which Twitch
 * keeps when it resends a message. `notification` and `revocation` messages are deliveries;
 * `webhook_callback_verification` is answered by the adapters. Checked against Twitch's
 * documented example and the signing code of `twitch-cli` (`forward_event.go`).
 *
 * @example
 * ```ts
 * const scheme = twitch({ secret: process.env.TWITCH_EVENTSUB_SECRET! });
 * ```
 */
export function twitch<TPayload = unknown>(
  options: TwitchOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'twitch',
    secret: options.secret,
    signature: { header: 'twitch-eventsub-message-signature', prefix: 'sha256=' },
    timestamp: { header: 'twitch-eventsub-message-timestamp', unit: 'rfc3339' },
    message: '{header:twitch-eventsub-message-id}{timestamp}{body}',
    tolerance: options.tolerance ?? TWITCH_TOLERANCE_SECONDS,
    replay: { header: 'twitch-eventsub-message-id' },
    handshakes: [TWITCH_VERIFICATION],
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Twitch EventSub in the list of providers. */
export const TWITCH_PROVIDER = {
  id: 'twitch',
  title: 'Twitch EventSub (webhook transport)',
  vendor: 'twitch',
  family: 'hmac',
  docs: 'https://dev.twitch.tv/docs/eventsub/handling-webhook-events/',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'TWITCH_EVENTSUB_SECRET',
      secret: true,
      format: 'list',
      description: 'subscription secret',
      demo: 'demo-twitch-eventsub-secret',
    },
  ],
  factory: twitch,
  route: '/webhooks/twitch',
  sample: (now) => ({
    body: {
      subscription: {
        id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4',
        type: 'channel.cheer',
        version: '1',
      },
      event: {
        user_id: '1337',
        user_login: 'awesome_user',
        broadcaster_user_id: '12826',
        bits: 100,
        message: `cheer at ${new Date(now).toISOString()}`,
      },
    },
    timestamp: now,
    headers: { [MESSAGE_TYPE]: 'notification' },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Twitch publishes no Node verifier and no signed example, only the rule.',
    vector: "Twitch's documented signing rule (independent vectors)",
  },
} as const satisfies ProviderDefinition;
