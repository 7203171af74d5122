import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link slack}. */
export interface SlackOptions {
  /** The app's signing secret; a list while rotating. */
  readonly signingSecret: SecretInput;
  /** Seconds of skew allowed each way on `X-Slack-Request-Timestamp`; default 300 (Slack's own). */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
}

/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + body)>`
 * with `X-Slack-Request-Timestamp` in seconds. Events arrive as JSON, slash commands and
 * interactivity as forms: both are accepted, and the payload is parsed by Content-Type
 * (interactivity's `payload` field stays a JSON string for you to parse). Replays are refused
 * by an event's `event_id` (the Events API keeps it across its re-signed retries), else by
 * the matched digest. Checked against
 * `@slack/bolt`'s `verifySlackRequest`.
 */
export function slack<TPayload = unknown>(
  options: SlackOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'slack',
    secret: options.signingSecret,
    mediaType: 'either',
    signature: { header: 'x-slack-signature', prefix: 'v0=' },
    timestamp: { header: 'x-slack-request-timestamp', unit: 's' },
    message: 'v0:{timestamp}:{body}',
    // Events API retries are re-signed (new timestamp, X-Slack-Retry-Num); event_id stays.
    replay: { bodyField: 'event_id' },
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}
