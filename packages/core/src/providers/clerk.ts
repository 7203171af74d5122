import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import type { HmacSignInput } from './hmac.js';
import { type StandardWebhooksOptions, standardScheme } from './standard-webhooks.js';

const NAME = 'clerk';

/** Options for {@link clerk}: the endpoint's signing secret, `whsec_…`. */
export type ClerkOptions = StandardWebhooksOptions;

/**
 * Clerk (clerk.com/docs/references/backend/verify-webhook): its webhooks are sent by Svix, with `svix-id`,
 * `svix-timestamp` (seconds) and `svix-signature: v1,<base64> …`, each `v1` the
 * HMAC-SHA256 of `id + "." + timestamp + "." + body` under the base64 after `whsec_` of the
 * signing secret; any `v1` may match. 300 s each way, as the `standardwebhooks` library
 * `@clerk/backend` verifies with; replays are refused by the signed `svix-id`, which Svix
 * keeps across retries. `verifyWebhook` reads only the `svix-*` headers, so only those are
 * read here. Checked against `@clerk/backend` 3 `verifyWebhook` and Svix's published example.
 *
 * @example
 * ```ts
 * const scheme = clerk({ secret: process.env.CLERK_WEBHOOK_SIGNING_SECRET! });
 * ```
 */
export function clerk<TPayload = unknown>(
  options: ClerkOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return standardScheme<TPayload>(NAME, NAME, 'svix', options);
}

/** Clerk in the list of providers. */
export const CLERK_PROVIDER = {
  id: NAME,
  title: 'Clerk webhooks',
  vendor: NAME,
  family: 'hmac',
  docs: 'https://clerk.com/docs/references/backend/verify-webhook',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      // The variable @clerk/backend's verifyWebhook reads by default.
      env: 'CLERK_WEBHOOK_SIGNING_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook signing secret, whsec_…',
      demo: 'whsec_ZGVtby1jbGVyay13ZWJob29rLXNlY3JldA==',
    },
  ],
  factory: clerk,
  route: '/webhooks/clerk',
  sample: (now) => paymentEvent(NAME, now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      "Svix's published example (Svix sends Clerk's webhooks), and vectors signed by standardwebhooks 1.1.1 that @clerk/backend verifyWebhook accepts",
    sdk: { package: '@clerk/backend', functions: ['verifyWebhook'] },
  },
} as const satisfies ProviderDefinition;
