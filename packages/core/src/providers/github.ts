import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { WebhookVerificationError } from '../errors.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { IncomingWebhook } from '../request/incoming-webhook.js';
import { parseMediaType } from '../request/media-type.js';
import {
  defineWebhookScheme,
  type WebhookDefinition,
  type WebhookScheme,
  webhookDefinitionOf,
} from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

const NAME = 'github';
const FORM = 'application/x-www-form-urlencoded';
/** The form field GitHub puts the JSON event in when a webhook posts a form. */
const PAYLOAD_FIELD = 'payload';

/** Options for {@link github}. */
export interface GithubOptions {
  /** The webhook secret; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * The event of a form delivery: the JSON in its one `payload` field (go-github's
 * `ValidatePayloadFromBody` reads it the same way, after checking the raw body). A missing
 * or repeated field, or one that is not JSON, is `malformed_request`.
 */
function formEvent(request: IncomingWebhook): unknown {
  if (request.body.length === 0) return undefined;
  const value = request.form().single(PAYLOAD_FIELD);
  if (value === undefined) {
    throw new WebhookVerificationError(
      'malformed_request',
      `the form body has no ${PAYLOAD_FIELD} field; GitHub sends the event as ${PAYLOAD_FIELD}=<JSON> when a webhook's content type is ${FORM}.`,
      { provider: NAME },
    );
  }
  try {
    return JSON.parse(value);
  } catch (cause) {
    throw new WebhookVerificationError(
      'malformed_request',
      `the ${PAYLOAD_FIELD} form field is not valid JSON.`,
      { provider: NAME, cause },
    );
  }
}

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`. Nothing is
 * timestamped, so replays are refused by the matched digest for 24 h. `X-GitHub-Delivery`
 * is not signed, so it does not decide whether a delivery is new: a replay could carry a
 * fresh one. (GitHub does not retry on its own; a redelivery you ask for is the same
 * signed request, and so a replay within the 24 h.)
 * A webhook may post JSON (`application/json`, GitHub's advice) or a form
 * (`application/x-www-form-urlencoded`: `payload=<URL-encoded JSON>`). The signature covers
 * the body as sent either way, and is checked over those raw bytes; for a form the payload
 * is the JSON of its `payload` field, so a handler gets the same event from both.
 * The older SHA-1 `X-Hub-Signature` is not accepted. Checked against
 * `@octokit/webhooks-methods` `sign` and `verify`.
 */
export function github<TPayload = unknown>(
  options: GithubOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const definition = webhookDefinitionOf(
    hmac<TPayload>({
      name: NAME,
      secret: options.secret,
      mediaType: 'either',
      signature: { header: 'x-hub-signature-256', prefix: 'sha256=' },
      ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
    }),
  ) as WebhookDefinition<TPayload, HmacSignInput, SignedHttpRequest>;
  return defineWebhookScheme({
    ...definition,
    read(request) {
      const parts = definition.read(request);
      const contentType = request.header('content-type');
      // The media type was checked before reading: JSON, or exactly this form type.
      if (contentType === undefined || parseMediaType(contentType).essence !== FORM) return parts;
      return { ...parts, payload: () => formEvent(request) as TPayload };
    },
  });
}

/** GitHub in the list of providers. */
export const GITHUB_PROVIDER = {
  id: 'github',
  title: 'GitHub webhooks',
  vendor: 'github',
  family: 'hmac',
  docs: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries',
  verifies: true,
  mediaType: 'either',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'GITHUB_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook secret',
      demo: 'demo-github-secret',
    },
  ],
  factory: github,
  route: '/webhooks/github',
  sample: (now) => paymentEvent('github', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "GitHub's documented example; a form post signed by @octokit/webhooks-methods",
    sdk: { package: '@octokit/webhooks-methods', functions: ['sign', 'verify'] },
  },
} as const satisfies ProviderDefinition;
