import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link bitbucket}. */
export interface BitbucketOptions {
  /** The secret set on the webhook, used as text; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Bitbucket Cloud: `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>`, the secret as
 * text, over the raw body (support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/,
 * "Secure webhooks", which publishes a test vector: secret `It's a Secret to Everybody`,
 * payload `Hello World!`). The header is GitHub's old SHA-1 name carrying SHA-256. The
 * prefix names the algorithm (`sha256` today): only `sha256=` is accepted, so any other
 * method is `invalid_signature` rather than a weaker check. A webhook
 * without a secret sends no signature: `missing_signature`. Nothing is timestamped, so
 * replays are refused by the matched digest for 24 h. `X-Event-Key`, `X-Hook-UUID`,
 * `X-Request-UUID` and `X-Attempt-Number` are not signed: they never decide whether a
 * delivery is new, and the same body under another `X-Event-Key` is `replayed`, so route
 * on the payload. Bitbucket publishes no SDK verifier.
 *
 * @example
 * ```ts
 * const scheme = bitbucket({ secret: process.env.BITBUCKET_WEBHOOK_SECRET! });
 * ```
 */
export function bitbucket<TPayload = unknown>(
  options: BitbucketOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'bitbucket',
    secret: options.secret,
    signature: { header: 'x-hub-signature', prefix: 'sha256=' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Bitbucket in the list of providers. */
export const BITBUCKET_PROVIDER = {
  id: 'bitbucket',
  title: 'Bitbucket Cloud webhooks',
  vendor: 'bitbucket',
  family: 'hmac',
  docs: 'https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'BITBUCKET_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook secret',
      demo: 'demo-bitbucket-secret',
    },
  ],
  factory: bitbucket,
  route: '/webhooks/bitbucket',
  sample: (now) => paymentEvent('bitbucket', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      "Bitbucket's published test vector (manage-webhooks, Secure webhooks); the other cases through node:crypto",
  },
} as const satisfies ProviderDefinition;
