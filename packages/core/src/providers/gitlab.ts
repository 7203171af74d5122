import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import type { HmacSignInput } from './hmac.js';
import { type SharedTokenSignInput, sharedToken } from './shared-token.js';
import { standardScheme } from './standard-webhooks.js';

/** Options for {@link gitlab}. */
export interface GitlabOptions {
  /** The webhook's Secret token, as entered in GitLab; a list while rotating. */
  readonly secretToken: SecretInput;
  /** Seconds a replay store remembers a body (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** Options for `gitlab.signed`. */
export interface GitlabSignedOptions {
  /** The webhook's Signing token, `whsec_<base64>`, as GitLab shows it; a list while rotating. */
  readonly signingToken: SecretInput;
  /** Seconds of skew allowed each way on the timestamp; default 300, as Standard Webhooks. */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
}

/**
 * GitLab webhooks with a Secret token: `X-Gitlab-Token` carries the token as entered in
 * the webhook's settings (docs.gitlab.com/user/project/integrations/webhooks). A shared
 * token, not a signature (see `sharedToken`): it proves the sender knows it, not what it
 * sent, so a captured request can carry any event, and replays are only deduplicated on
 * the body for 24 h. `Idempotency-Key`, `X-Gitlab-Event-UUID` and `X-Gitlab-Webhook-UUID`
 * are not covered by anything, so they never decide whether a delivery is new.
 *
 * Since GitLab 19.0 a webhook can have a Signing token instead, which signs every request:
 * use `gitlab.signed` for those. Choose per route; a route that takes either would let
 * anyone holding the old token skip the signature. GitLab publishes no Node verifier and
 * no example request: the vectors are independent.
 *
 * @example
 * ```ts
 * const scheme = gitlab({ secretToken: process.env.GITLAB_WEBHOOK_SECRET_TOKEN! });
 * ```
 */
function secretTokenScheme<TPayload = unknown>(
  options: GitlabOptions,
): WebhookScheme<TPayload, SharedTokenSignInput, SignedHttpRequest> {
  return sharedToken<TPayload>({
    name: 'gitlab',
    header: 'X-Gitlab-Token',
    secret: options?.secretToken,
    label: 'the secret token',
    option: 'secretToken',
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/**
 * GitLab webhooks with a Signing token (GitLab 19.0; gitlab-org/gitlab!230944): the
 * Standard Webhooks specification, `webhook-id` (the delivery's `Idempotency-Key`, kept
 * across retries), `webhook-timestamp` (seconds) and `webhook-signature: v1,<base64> …`,
 * each `v1` the HMAC-SHA256 of `id + "." + timestamp + "." + body` under the base64 after
 * `whsec_` of the token. 300 s each way, as the specification; replays are refused by the
 * signed `webhook-id`. GitLab's merge request checks its signatures with the `standardwebhooks`
 * library, which signs the vectors here; it publishes no Node verifier of its own.
 *
 * @example
 * ```ts
 * const scheme = gitlab.signed({ signingToken: process.env.GITLAB_WEBHOOK_SIGNING_TOKEN! });
 * ```
 */
function signed<TPayload = unknown>(
  options: GitlabSignedOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const { signingToken, ...rest } = options ?? ({} as GitlabSignedOptions);
  if (signingToken === undefined) {
    throw new TypeError(
      '[hookguard] gitlab.signed: signingToken is required (whsec_…, or a list while rotating).',
    );
  }
  return standardScheme<TPayload>('gitlab.signed', 'gitlab', 'webhook', {
    secret: signingToken,
    ...rest,
  });
}

/**
 * GitLab's two ways to authenticate a webhook. Choose the one the webhook is set up with;
 * never detect it from the request.
 *
 * - `gitlab({ secretToken })`: the Secret token, sent as is in `X-Gitlab-Token`.
 * - `gitlab.signed({ signingToken })`: the Signing token, a Standard Webhooks signature.
 *
 * @example
 * ```ts
 * const withToken = gitlab({ secretToken: process.env.GITLAB_WEBHOOK_SECRET_TOKEN! });
 * const signed = gitlab.signed({ signingToken: process.env.GITLAB_WEBHOOK_SIGNING_TOKEN! });
 * ```
 */
export const gitlab: typeof secretTokenScheme & { readonly signed: typeof signed } = Object.assign(
  secretTokenScheme,
  { signed },
);

/** A GitLab issue event, as both forms send it: project 100 for the demo to tamper with. */
function issueEvent(now: number) {
  return {
    object_kind: 'issue',
    event_type: 'issue',
    user: { id: 1, username: 'demo' },
    project: { id: 100, path_with_namespace: 'demo/shop' },
    object_attributes: {
      id: now % 1_000_000,
      iid: 1,
      title: 'Refund order 1',
      action: 'open',
      created_at: new Date(now).toISOString(),
    },
  };
}

/** GitLab webhooks with a Secret token in the list of providers. */
export const GITLAB_PROVIDER = {
  id: 'gitlab',
  title: 'GitLab webhooks (secret token)',
  vendor: 'gitlab',
  family: 'shared-token',
  docs: 'https://docs.gitlab.com/user/project/integrations/webhooks/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secretToken',
      env: 'GITLAB_WEBHOOK_SECRET_TOKEN',
      secret: true,
      format: 'list',
      description: "the webhook's Secret token",
      demo: 'demo-gitlab-secret-token',
    },
  ],
  factory: gitlab,
  route: '/webhooks/gitlab',
  sample: (now) => ({ body: issueEvent(now), headers: { 'x-gitlab-event': 'Issue Hook' } }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors',
    none: 'GitLab publishes no Node verifier and no example request with a secret token.',
  },
} as const satisfies ProviderDefinition;

/** GitLab webhooks with a Signing token in the list of providers. */
export const GITLAB_SIGNED_PROVIDER = {
  id: 'gitlab.signed',
  title: 'GitLab webhooks (signing token)',
  vendor: 'gitlab',
  family: 'hmac',
  docs: 'https://docs.gitlab.com/user/project/integrations/webhooks/#signing-tokens',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'signingToken',
      env: 'GITLAB_WEBHOOK_SIGNING_TOKEN',
      secret: true,
      format: 'list',
      description: "the webhook's Signing token, whsec_…",
      // sha256("hookguard demo gitlab signing token"), as GitLab writes a token.
      demo: 'whsec_iJgVqSHBqJBX6qIRvh9aPMWabYnjnMc6H2X1/dzvE9M=',
    },
  ],
  factory: signed,
  route: '/webhooks/gitlab/signed',
  sample: (now) => ({
    body: issueEvent(now),
    timestamp: now,
    headers: { 'x-gitlab-event': 'Issue Hook' },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors signed by standardwebhooks 1.1.1',
    none: 'GitLab publishes no Node verifier and no signed example; the merge request that added signing tokens checks them with the standardwebhooks library, which signs these vectors.',
  },
} as const satisfies ProviderDefinition;
