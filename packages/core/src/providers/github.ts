import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link github}. */
export interface GithubOptions {
  /** The webhook secret; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`. Nothing is
 * timestamped, so replays are refused by the matched digest for 24 h. `X-GitHub-Delivery`
 * is not signed, so it does not decide whether a delivery is new: a replay could carry a
 * fresh one. (GitHub does not retry on its own; a redelivery you ask for is the same
 * signed request, and so a replay within the 24 h.)
 * The older SHA-1 `X-Hub-Signature` is not accepted. Checked against
 * `@octokit/webhooks-methods` `sign` and `verify`.
 */
export function github<TPayload = unknown>(
  options: GithubOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'github',
    secret: options.secret,
    signature: { header: 'x-hub-signature-256', prefix: 'sha256=' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** GitHub in the list of providers. */
export const GITHUB_PROVIDER = {
  id: 'github',
  title: 'GitHub webhooks',
  vendor: 'github',
  verifies: true,
  mediaType: 'json',
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
    vector: "GitHub's documented example",
    sdk: { package: '@octokit/webhooks-methods', functions: ['sign', 'verify'] },
  },
} as const satisfies ProviderDefinition;
