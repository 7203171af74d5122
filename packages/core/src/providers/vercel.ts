import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link vercel}. */
export interface VercelOptions {
  /**
   * The key Vercel signs with, used as text; a list while rotating: the webhook's secret,
   * shown once when an account webhook is created, or the integration's Client Secret for
   * an integration's webhooks.
   */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Vercel: `x-vercel-signature: <hex HMAC-SHA1(secret, body)>`, no prefix, over the raw body
 * (vercel.com/docs/webhooks/webhooks-api, "Securing webhooks": the hex HMAC-SHA1 of the
 * raw body). SHA-1, as Vercel signs it; nothing stronger is offered. The key depends on who made the webhook: an account webhook (team settings) is
 * signed with the secret Vercel shows once at creation, an integration's webhooks with the
 * integration's Client Secret. Nothing is timestamped outside the body: its `createdAt`
 * is signed but Vercel documents no window, so replays are refused by the matched digest
 * for 24 h. Vercel publishes no SDK verifier and no signed example: the vectors are
 * independent.
 *
 * @example
 * ```ts
 * const scheme = vercel({ secret: process.env.VERCEL_WEBHOOK_SECRET! });
 * ```
 */
export function vercel<TPayload = unknown>(
  options: VercelOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'vercel',
    secret: options.secret,
    algorithm: 'sha1',
    signature: { header: 'x-vercel-signature' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Vercel in the list of providers. */
export const VERCEL_PROVIDER = {
  id: 'vercel',
  title: 'Vercel webhooks (account and integration webhooks)',
  vendor: 'vercel',
  family: 'hmac',
  docs: 'https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'VERCEL_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: "webhook secret, or the integration's client secret",
      demo: 'demo-vercel-webhook-secret',
    },
  ],
  factory: vercel,
  route: '/webhooks/vercel',
  sample: (now) => paymentEvent('vercel', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Vercel publishes no SDK verifier and no example signature.',
    vector: 'independent vectors: HMAC-SHA1 through node:crypto (test/vectors/generate-vercel.mjs)',
  },
} as const satisfies ProviderDefinition;
