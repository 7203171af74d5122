import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { bodyText, jsonSignInput } from '../catalog/sign-inputs.js';
import { echoField, formFlag, signedHandshake } from '../handshake/flows.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Slack's two setup requests. `url_verification` is signed like any event (Events API
 * docs, "url_verification event"): answered with `{"challenge"}` once verified. `ssl_check`
 * is a form POST Slack sends to slash-command URLs to check the certificate; Slack's Bolt
 * answers it with an empty 200 before verifying (`AwsLambdaReceiver.js`), and so does this.
 */
const SLACK_HANDSHAKES = [
  signedHandshake({
    name: 'slack.url_verification',
    arrives: 'POST {"type":"url_verification","challenge":"…"} (signed)',
    match: { field: 'type', equals: 'url_verification' },
    reply: echoField('challenge', 'challenge'),
  }),
  formFlag({
    name: 'slack.ssl_check',
    arrives: 'POST ssl_check=1&token=… (a form, not signed)',
    field: 'ssl_check',
    equals: '1',
  }),
];

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
 * `@slack/bolt`'s `isValidSlackRequest`.
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
    handshakes: SLACK_HANDSHAKES,
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Slack in the list of providers: a slash command (a form) in the demo. */
export const SLACK_PROVIDER = {
  id: 'slack',
  title: 'Slack requests (events, slash commands, interactivity)',
  vendor: 'slack',
  family: 'hmac',
  docs: 'https://api.slack.com/authentication/verifying-requests-from-slack',
  verifies: true,
  mediaType: 'either',
  timestamped: true,
  settings: [
    {
      option: 'signingSecret',
      env: 'SLACK_SIGNING_SECRET',
      secret: true,
      format: 'list',
      description: 'signing secret',
      demo: 'demo-slack-signing-secret',
    },
  ],
  factory: slack,
  route: '/webhooks/slack',
  sample: (now) => ({
    body: 'command=%2Fpay&text=100&user_id=U1&team_id=T1',
    timestamp: now,
    headers: { 'content-type': FORM },
  }),
  signInput: (body) => {
    // Events are JSON; slash commands and interactivity are forms.
    const text = bodyText(body);
    return text.trim().startsWith('{') || text === ''
      ? jsonSignInput(body)
      : { body: text, headers: { 'content-type': FORM } };
  },
  checkedAgainst: {
    vector: "Slack's documented example",
    sdk: { package: '@slack/bolt', functions: ['isValidSlackRequest'] },
  },
} as const satisfies ProviderDefinition;
