import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link standardWebhooks} and {@link svix}. */
export interface StandardWebhooksOptions {
  /** `whsec_<base64>` (or the bare base64); the key is the decoded bytes. A list while rotating. */
  readonly secret: SecretInput;
  /** Seconds of skew allowed each way on the timestamp; default 300, as the specification says. */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
}

function standard<TPayload>(
  name: 'standard-webhooks' | 'svix',
  prefix: 'webhook' | 'svix',
  options: StandardWebhooksOptions,
) {
  return hmac<TPayload>({
    name,
    secret: options.secret,
    secretEncoding: 'whsec-base64',
    encoding: 'base64',
    signature: {
      header: `${prefix}-signature`,
      list: { separator: ' ', assign: ',', version: 'v1' },
    },
    timestamp: { header: `${prefix}-timestamp`, unit: 's' },
    message: `{header:${prefix}-id}.{timestamp}.{body}`,
    replay: { header: `${prefix}-id` },
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (seconds) and
 * `webhook-signature: v1,<base64> [v1,<base64> …]`, each the HMAC-SHA256 of
 * `id + "." + timestamp + "." + body` with the base64-decoded secret (`whsec_` removed); any
 * `v1` may match. Replays are refused by `webhook-id`. Checked against the `standardwebhooks` package.
 */
export function standardWebhooks<TPayload = unknown>(
  options: StandardWebhooksOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return standard<TPayload>('standard-webhooks', 'webhook', options);
}

/** Svix: Standard Webhooks with `svix-id`, `svix-timestamp` and `svix-signature` headers. Checked against the `svix` package. */
export function svix<TPayload = unknown>(
  options: StandardWebhooksOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return standard<TPayload>('svix', 'svix', options);
}

/** Standard Webhooks in the list of providers. */
export const STANDARD_WEBHOOKS_PROVIDER = {
  id: 'standard-webhooks',
  title: 'Standard Webhooks',
  vendor: 'standard-webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'STANDARD_WEBHOOKS_SECRET',
      secret: true,
      format: 'list',
      description: 'whsec_… secret',
      demo: 'whsec_ZGVtby1zdGFuZGFyZC13ZWJob29rcy1zZWNyZXQ=',
    },
  ],
  factory: standardWebhooks,
  route: '/webhooks/standard-webhooks',
  sample: (now) => paymentEvent('standard-webhooks', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "the specification's example",
    sdk: { package: 'standardwebhooks', functions: ['Webhook.sign', 'Webhook.verify'] },
  },
} as const satisfies ProviderDefinition;

/** Svix in the list of providers. */
export const SVIX_PROVIDER = {
  id: 'svix',
  title: 'Svix webhooks',
  vendor: 'svix',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'SVIX_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'whsec_… secret',
      demo: 'whsec_ZGVtby1zdml4LXdlYmhvb2stc2VjcmV0',
    },
  ],
  factory: svix,
  route: '/webhooks/svix',
  sample: (now) => paymentEvent('svix', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "Svix's example",
    sdk: { package: 'svix', functions: ['Webhook.sign', 'Webhook.verify'] },
  },
} as const satisfies ProviderDefinition;
