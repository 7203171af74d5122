import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link sentry}. */
export interface SentryOptions {
  /** The integration's Client Secret, used as text; a list while rotating it. */
  readonly clientSecret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Sentry (integration platform webhooks): `Sentry-Hook-Signature: <hex HMAC-SHA256(client
 * secret, body)>` (docs.sentry.io/organization/integrations/integration-platform/webhooks/).
 * Sentry's docs re-serialise the parsed body (`JSON.stringify(request.body)`), but Sentry
 * signs the exact string it sends (getsentry/sentry `AppPlatformEvent`: the body is
 * `json.dumps(...)` once, and `build_signature(self.body)` signs it), and that string
 * escapes non-ASCII characters (`\u00e9`) and keeps floats as Python writes them (`1.0`),
 * which `JSON.stringify` does not reproduce: hookguard checks the raw bytes, which always
 * match. `Sentry-Hook-Timestamp` is not signed, so it cannot bound a delivery's age: nothing
 * is timestamped, and replays are refused by the matched digest for 24 h. `Request-ID` and
 * `Sentry-Hook-Resource` are not signed either: route on the body's `action` and `data`.
 * The legacy per-project service hooks (`X-ServiceHook-Signature`) are another scheme.
 * Sentry publishes no Node verifier and no signed example: the vectors are independent.
 *
 * @example
 * ```ts
 * const scheme = sentry({ clientSecret: process.env.SENTRY_CLIENT_SECRET! });
 * ```
 */
export function sentry<TPayload = unknown>(
  options: SentryOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'sentry',
    secret: options.clientSecret,
    signature: { header: 'sentry-hook-signature' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Sentry in the list of providers. */
export const SENTRY_PROVIDER = {
  id: 'sentry',
  title: 'Sentry integration webhooks',
  vendor: 'sentry',
  family: 'hmac',
  docs: 'https://docs.sentry.io/organization/integrations/integration-platform/webhooks/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'clientSecret',
      env: 'SENTRY_CLIENT_SECRET',
      secret: true,
      format: 'list',
      description: "integration's client secret",
      demo: 'demo-sentry-client-secret',
    },
  ],
  factory: sentry,
  route: '/webhooks/sentry',
  sample: (now) => paymentEvent('sentry', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Sentry publishes no Node verifier and no example signature.',
    vector:
      'independent vectors: HMAC-SHA256 through node:crypto over bodies serialised as Sentry does (test/vectors/generate-sentry.mjs)',
  },
} as const satisfies ProviderDefinition;
