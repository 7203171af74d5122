import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type SharedTokenSignInput, sharedToken } from './shared-token.js';

const NAME = 'xendit';

/** Options for {@link xendit}. */
export interface XenditOptions {
  /** The Callback (webhook) verification token from the dashboard; a list while rotating. */
  readonly callbackToken: SecretInput;
  /** Seconds a replay store remembers a body (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Xendit webhooks: `x-callback-token` carries the account's webhook verification token
 * from the dashboard, as is (docs.xendit.co "Handling webhooks"; Xendit's Ruby client
 * compares `X-CALLBACK-TOKEN` with it). A shared token, not a signature (see
 * `sharedToken`): it proves the sender knows it, not what it sent, so a captured request
 * can carry any amount or status. Replays are only deduplicated on the body for 24 h. The
 * `webhook-id` Xendit adds for idempotency is covered by nothing, so it never decides
 * whether a delivery is new: a forged one could carry any id. Confirm a payment through
 * Xendit's API (by its id) before releasing goods, and allow Xendit's webhook IP addresses
 * where you can. Xendit publishes no Node verifier and no example request: the vectors are
 * independent.
 *
 * @example
 * ```ts
 * const scheme = xendit({ callbackToken: process.env.XENDIT_CALLBACK_TOKEN! });
 * ```
 */
export function xendit<TPayload = unknown>(
  options: XenditOptions,
): WebhookScheme<TPayload, SharedTokenSignInput, SignedHttpRequest> {
  return sharedToken<TPayload>({
    name: NAME,
    header: 'x-callback-token',
    secret: options?.callbackToken,
    label: 'the callback verification token',
    option: 'callbackToken',
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Xendit in the list of providers. */
export const XENDIT_PROVIDER = {
  id: NAME,
  title: 'Xendit webhooks',
  vendor: NAME,
  family: 'shared-token',
  docs: 'https://docsv2.xendit.co/v1/docs/handling-webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'callbackToken',
      env: 'XENDIT_CALLBACK_TOKEN',
      secret: true,
      format: 'list',
      description: 'webhook verification token',
      demo: 'demo-xendit-callback-token',
    },
  ],
  factory: xendit,
  route: '/webhooks/xendit',
  // An invoice paid, as Xendit's invoice webhook sends it.
  sample: (now) => ({
    body: {
      id: `inv_${now}`,
      external_id: 'order-1',
      status: 'PAID',
      amount: 100,
      paid_amount: 100,
      currency: 'IDR',
      payment_method: 'BANK_TRANSFER',
      paid_at: new Date(now).toISOString(),
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors',
    none: 'Xendit publishes no Node verifier and no example request with its token.',
  },
} as const satisfies ProviderDefinition;
