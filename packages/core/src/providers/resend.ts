import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import type { HmacSignInput } from './hmac.js';
import { type StandardWebhooksOptions, standardScheme } from './standard-webhooks.js';

const NAME = 'resend';

/** Options for {@link resend}: the endpoint's signing secret, `whsec_…`. */
export type ResendOptions = StandardWebhooksOptions;

/**
 * Resend (resend.com/docs/webhooks/verify-webhooks-requests): its webhooks are sent by
 * Svix, with `svix-id`, `svix-timestamp` (seconds) and `svix-signature: v1,<base64> …`,
 * each `v1` the HMAC-SHA256 of `id + "." + timestamp + "." + body` under the base64 after
 * `whsec_` of the signing secret; any `v1` may match (a rotated secret signs beside the
 * old one). 300 s each way, as the `standardwebhooks` library Resend's SDK verifies with;
 * replays are refused by the signed `svix-id`, which Svix keeps across retries. Resend's
 * SDK (`webhooks.verify`) reads the `svix-*` headers its docs show, so only those are read.
 * Checked against `resend` 6 `webhooks.verify` and Svix's published example.
 *
 * @example
 * ```ts
 * const scheme = resend({ secret: process.env.RESEND_WEBHOOK_SECRET! });
 * ```
 */
export function resend<TPayload = unknown>(
  options: ResendOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return standardScheme<TPayload>(NAME, NAME, 'svix', options);
}

/** Resend in the list of providers. */
export const RESEND_PROVIDER = {
  id: NAME,
  title: 'Resend webhooks',
  vendor: NAME,
  family: 'hmac',
  docs: 'https://resend.com/docs/webhooks/verify-webhooks-requests',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'RESEND_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook signing secret, whsec_…',
      demo: 'whsec_ZGVtby1yZXNlbmQtd2ViaG9vay1zZWNyZXQ=',
    },
  ],
  factory: resend,
  route: '/webhooks/resend',
  sample: (now) => paymentEvent(NAME, now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      "Svix's published example (Svix sends Resend's webhooks), and vectors signed by standardwebhooks 1.1.1 that resend webhooks.verify accepts",
    sdk: { package: 'resend', functions: ['webhooks.verify'] },
  },
} as const satisfies ProviderDefinition;
