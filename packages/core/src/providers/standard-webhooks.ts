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
