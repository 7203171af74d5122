import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type SharedTokenSignInput, sharedToken } from './shared-token.js';

const NAME = 'postmark';
// RFC 7617 §2: the user-id cannot hold a colon, and neither part a control character.
const USERNAME = /^[^:\p{Cc}]+$/u;
const PASSWORD = /^[^\p{Cc}]+$/u;

/** Options for {@link postmark}. */
export interface PostmarkOptions {
  /** The user name of the webhook's Basic authentication, decoded (not %-escaped). */
  readonly username: string;
  /** Its password, decoded (not %-escaped); a list while rotating. */
  readonly password: SecretInput;
  /** Seconds a replay store remembers a body (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Postmark webhooks: nothing is signed. Postmark protects a webhook with HTTP Basic
 * authentication, the user name and password given in the webhook's URL
 * (`https://user:pass@example.com/webhook`) or its HttpAuth settings
 * (postmarkapp.com/developer/webhooks/webhooks-overview, "Protecting your webhook"), sent
 * as `Authorization: Basic base64(user:pass)`. hookguard decodes the credentials and
 * compares them with each configured pair in constant time, and never shows them.
 *
 * Credentials prove the sender knows them, not what it sent (see `sharedToken`): a
 * captured request can carry any bounce or delivery, and replays are only deduplicated on
 * the body for 24 h. Postmark's other protection is its list of webhook IP addresses
 * ("the origin IP address can change for each attempt"); allow only those where you can,
 * and always use HTTPS. Give the user name and password as they are, not %-escaped as
 * they must be inside a URL, and keep them to ASCII: RFC 7617 leaves other characters'
 * encoding to the sender. Postmark publishes no verifier and no example request: the
 * vectors are independent.
 *
 * @example
 * ```ts
 * const scheme = postmark({
 *   username: process.env.POSTMARK_WEBHOOK_USERNAME!,
 *   password: process.env.POSTMARK_WEBHOOK_PASSWORD!,
 * });
 * ```
 */
export function postmark<TPayload = unknown>(
  options: PostmarkOptions,
): WebhookScheme<TPayload, SharedTokenSignInput, SignedHttpRequest> {
  const username = options?.username;
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw new TypeError(
      `[hookguard] ${NAME}: username is required, without ":" or control characters (RFC 7617).`,
    );
  }
  const passwords = typeof options.password === 'string' ? [options.password] : options.password;
  if (!Array.isArray(passwords) || passwords.length === 0) {
    throw new TypeError(
      `[hookguard] ${NAME}: password is required (a string, or a non-empty list while rotating).`,
    );
  }
  passwords.forEach((password: unknown, index) => {
    if (typeof password !== 'string' || !PASSWORD.test(password)) {
      throw new TypeError(
        `[hookguard] ${NAME}: password[${index}] must be a non-empty string without control characters.`,
      );
    }
  });
  return sharedToken<TPayload>({
    name: NAME,
    header: 'Authorization',
    scheme: 'basic',
    secret: passwords.map((password: string) => `${username}:${password}`),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Postmark in the list of providers. */
export const POSTMARK_PROVIDER = {
  id: NAME,
  title: 'Postmark webhooks (Basic authentication)',
  vendor: NAME,
  family: 'shared-token',
  docs: 'https://postmarkapp.com/developer/webhooks/webhooks-overview',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'username',
      env: 'POSTMARK_WEBHOOK_USERNAME',
      // Half of the credentials: read from the environment, like the password.
      secret: true,
      format: 'text',
      description: "the webhook's Basic authentication user name",
      demo: 'demo-postmark',
    },
    {
      option: 'password',
      env: 'POSTMARK_WEBHOOK_PASSWORD',
      secret: true,
      format: 'list',
      description: "the webhook's Basic authentication password",
      demo: 'demo-postmark-webhook-password',
    },
  ],
  factory: postmark,
  route: '/webhooks/postmark',
  // A Delivery event, as Postmark's delivery webhook sends it.
  sample: (now) => ({
    body: {
      RecordType: 'Delivery',
      ServerID: 100,
      MessageStream: 'outbound',
      MessageID: `pm-${now}`,
      Recipient: 'customer@example.com',
      Tag: 'receipt',
      DeliveredAt: new Date(now).toISOString(),
      Details: 'Test delivery webhook details',
      Metadata: { order: 'order-1' },
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors',
    none: 'Postmark signs nothing and publishes no verifier, so no outside oracle exists.',
  },
} as const satisfies ProviderDefinition;
