import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** WorkOS's SDKs' default: 180 s (Node `tolerance = 180000` ms; PHP, Ruby, Elixir `180`). */
const WORKOS_TOLERANCE_SECONDS = 180;

/** Options for {@link workos}. */
export interface WorkosOptions {
  /** The webhook endpoint's secret from the WorkOS dashboard, used as text; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds of skew allowed each way on `t`; default 180, WorkOS's SDKs' own (they check only the past). */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default twice the tolerance. */
  readonly replayTtl?: number;
}

/**
 * WorkOS: `WorkOS-Signature: t=<epoch ms>, v1=<hex HMAC-SHA256(secret, t + "." + body)>`,
 * the secret used as text (workos.com/docs/events/data-syncing/webhooks; workos-php
 * `WebhookVerification::computeSignature`: "the issued timestamp (milliseconds)", "the raw
 * webhook body"). The timestamp is in **milliseconds**, unlike Stripe's seconds. Any `v1`
 * may match (WorkOS documents one; a list costs nothing). `@workos-inc/node` 7 re-serialises
 * the parsed payload (`JSON.stringify`) before hashing, which equals the raw body only for
 * the compact JSON WorkOS sends; hookguard hashes the bytes received, as the other SDKs do.
 * The window is 180 s each way, the SDKs' default (theirs looks only at the past). Replays
 * are refused by the event's `id` in the signed body: WorkOS retries "the event" for up to
 * 3 days, each time re-signed (a 180 s window could not hold otherwise), so a retry of a
 * delivery already handled is `replayed`; a body without an `id` falls back to the signed
 * message. Checked against `@workos-inc/node` 7 (`webhooks.computeSignature`,
 * `webhooks.constructEvent`) both ways.
 *
 * @example
 * ```ts
 * const scheme = workos({ secret: process.env.WORKOS_WEBHOOK_SECRET! });
 * ```
 */
export function workos<TPayload = unknown>(
  options: WorkosOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'workos',
    secret: options.secret,
    signature: { header: 'workos-signature', list: { separator: ',', assign: '=', version: 'v1' } },
    timestamp: { listEntry: 't', unit: 'ms' },
    message: '{timestamp}.{body}',
    tolerance: options.tolerance ?? WORKOS_TOLERANCE_SECONDS,
    // Retries are re-signed with a new `t`; the event id in the signed body stays.
    replay: { bodyField: 'id' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** WorkOS in the list of providers. */
export const WORKOS_PROVIDER = {
  id: 'workos',
  title: 'WorkOS webhooks (Directory Sync, SSO, User Management events)',
  vendor: 'workos',
  family: 'hmac',
  docs: 'https://workos.com/docs/events/data-syncing/webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'WORKOS_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook endpoint secret',
      demo: 'demo-workos-webhook-secret',
    },
  ],
  factory: workos,
  route: '/webhooks/workos',
  sample: (now) => paymentEvent('workos', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors, computed by @workos-inc/node 7 computeSignature',
    sdk: { package: '@workos-inc/node', functions: ['computeSignature', 'constructEvent'] },
  },
} as const satisfies ProviderDefinition;
