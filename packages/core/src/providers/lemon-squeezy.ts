import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link lemonSqueezy}. */
export interface LemonSqueezyOptions {
  /** The signing secret you entered on the webhook, used as is; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Lemon Squeezy: `X-Signature: hex(HMAC-SHA256(signing secret, body))`
 * (docs.lemonsqueezy.com/help/webhooks/signing-requests: "an HMAC hex digest"; its examples
 * use SHA-256). Nothing is timestamped, so replays are refused by the matched digest for
 * 24 h. `X-Event-Name` is not signed: the event's name a handler can trust is the body's
 * `meta.event_name`. Lemon Squeezy publishes no SDK verifier and no example signature, so
 * the vectors are independent (computed with node:crypto).
 *
 * @example
 * ```ts
 * const scheme = lemonSqueezy({ secret: process.env.LEMON_SQUEEZY_WEBHOOK_SECRET! });
 * ```
 */
export function lemonSqueezy<TPayload = unknown>(
  options: LemonSqueezyOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'lemon-squeezy',
    secret: options.secret,
    signature: { header: 'x-signature' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Lemon Squeezy in the list of providers. */
export const LEMON_SQUEEZY_PROVIDER = {
  id: 'lemon-squeezy',
  title: 'Lemon Squeezy webhooks',
  vendor: 'lemon-squeezy',
  family: 'hmac',
  docs: 'https://docs.lemonsqueezy.com/help/webhooks/signing-requests',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'LEMON_SQUEEZY_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook signing secret',
      demo: 'demo-lemon-squeezy-secret',
    },
  ],
  factory: lemonSqueezy,
  route: '/webhooks/lemon-squeezy',
  sample: (now) => paymentEvent('lemon-squeezy', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Lemon Squeezy publishes no SDK verifier and no example signature.',

    vector:
      'independent vectors (node:crypto): Lemon Squeezy publishes no SDK verifier and no example signature',
  },
} as const satisfies ProviderDefinition;
