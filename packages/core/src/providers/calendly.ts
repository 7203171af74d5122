import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** The window Calendly's docs verify with: three minutes. */
const CALENDLY_TOLERANCE_SECONDS = 180;

/** Options for {@link calendly}. */
export interface CalendlyOptions {
  /**
   * The webhook signing key, used as text; a list while rotating: the `signing_key` given
   * when the subscription was created, or the one Calendly generated for an OAuth app.
   */
  readonly signingKey: SecretInput;
  /** Seconds of skew allowed each way on `t`; default 180, Calendly's own (it checks only the past). */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default twice the tolerance. */
  readonly replayTtl?: number;
}

/**
 * Calendly: `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(signing key,
 * t + "." + body)>`, the key as text (developer.calendly.com, "Webhook Signatures"). The
 * layout is Stripe's; any `v1` may match, though Calendly documents one. The raw body is
 * checked, as Calendly signs it. Calendly's docs refuse a `t` more than three minutes old
 * (the past only); hookguard takes those 180 s each way. Without a signing key on the
 * subscription there is no header: `missing_signature`. The body carries no delivery id,
 * so replays are refused by the SHA-256 of the signed message (a request may carry several
 * `v1`). Calendly publishes no SDK verifier and no signed example: the vectors are
 * independent.
 *
 * @example
 * ```ts
 * const scheme = calendly({ signingKey: process.env.CALENDLY_WEBHOOK_SIGNING_KEY! });
 * ```
 */
export function calendly<TPayload = unknown>(
  options: CalendlyOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'calendly',
    secret: options.signingKey,
    signature: {
      header: 'calendly-webhook-signature',
      list: { separator: ',', assign: '=', version: 'v1' },
    },
    timestamp: { listEntry: 't', unit: 's' },
    message: '{timestamp}.{body}',
    tolerance: options.tolerance ?? CALENDLY_TOLERANCE_SECONDS,
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Calendly in the list of providers. */
export const CALENDLY_PROVIDER = {
  id: 'calendly',
  title: 'Calendly webhooks',
  vendor: 'calendly',
  family: 'hmac',
  docs: 'https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'signingKey',
      env: 'CALENDLY_WEBHOOK_SIGNING_KEY',
      secret: true,
      format: 'list',
      description: 'webhook signing key',
      demo: 'demo-calendly-signing-key',
    },
  ],
  factory: calendly,
  route: '/webhooks/calendly',
  sample: (now) => paymentEvent('calendly', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Calendly publishes no SDK verifier and no example signature.',
    vector:
      'independent vectors: HMAC-SHA256 of t.body through node:crypto (test/vectors/generate-calendly.mjs)',
  },
} as const satisfies ProviderDefinition;
