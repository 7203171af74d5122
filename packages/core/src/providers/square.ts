import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import {
  defineWebhookScheme,
  type WebhookDefinition,
  type WebhookScheme,
  webhookDefinitionOf,
} from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

const NAME = 'square';
const ROUTE = '/webhooks/square';

/** Options for {@link square}. */
export interface SquareOptions {
  /** The subscription's signature key, used as is; a list while rotating. */
  readonly signatureKey: SecretInput;
  /**
   * The notification URL exactly as set on the webhook subscription in Square's Developer
   * Console, such as `https://merchant.com/webhooks/square`: Square signs it, character for
   * character, before the body. It is not rebuilt from the request, so a proxy in front of
   * the app changes nothing.
   */
  readonly notificationUrl: string;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * The notification URL, checked when the scheme is made. It becomes literal text of the
 * message template, so braces (which the template reads as tokens) are refused, as is
 * anything that is not an absolute http(s) URL. The URL is never repeated in the error:
 * its query may hold a token.
 */
function notificationUrlOf(value: unknown): string {
  const refuse = () =>
    new TypeError(
      `[hookguard] ${NAME}: notificationUrl must be the absolute http(s) URL set on the Square webhook subscription, such as https://merchant.com${ROUTE}.`,
    );
  if (typeof value !== 'string' || /[{}\s]/.test(value)) throw refuse();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse();
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse();
  return value;
}

/**
 * Square: `x-square-hmacsha256-signature: base64(HMAC-SHA256(signature key, notification
 * URL + body))`, the URL exactly as set on the subscription, the key as is
 * (developer.squareup.com/docs/webhooks/step3validate). The legacy `x-square-signature`
 * (HMAC-SHA1 of the same string) is not read: Square's SDKs check only the SHA-256 header.
 * Nothing is timestamped, so replays are refused by the matched digest for 24 h; Square's
 * retries resend the same bytes, so they are that same digest (the `square-retry-number`,
 * `square-retry-reason` and `square-initial-delivery-timestamp` headers are not signed and
 * play no part). Checked against Square's published vector (its SDKs' webhook tests) and
 * the `square` SDK's `WebhooksHelper.verifySignature`.
 *
 * @example
 * ```ts
 * const scheme = square({
 *   signatureKey: process.env.SQUARE_WEBHOOK_SIGNATURE_KEY!,
 *   notificationUrl: 'https://merchant.com/webhooks/square',
 * });
 * ```
 */
export function square<TPayload = unknown>(
  options: SquareOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const notificationUrl = notificationUrlOf(options?.notificationUrl);
  const definition = webhookDefinitionOf(
    hmac<TPayload>({
      name: NAME,
      secret: options.signatureKey,
      encoding: 'base64',
      signature: { header: 'x-square-hmacsha256-signature' },
      message: `${notificationUrl}{body}`,
      ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
    }),
  ) as WebhookDefinition<TPayload, HmacSignInput, SignedHttpRequest>;
  const mismatchHint =
    "Square signs the subscription's notification URL before the body: check that notificationUrl is that URL character for character (scheme, host, path, trailing slash).";
  return defineWebhookScheme({
    ...definition,
    read(request) {
      const parts = definition.read(request);
      return {
        ...parts,
        // The template's literal text is the URL: named as such in explanations.
        message: parts.message.map((part) =>
          part.label === 'literal' ? { ...part, label: 'notification URL' } : part,
        ),
        mismatchHint,
      };
    },
  });
}

/** Square in the list of providers. */
export const SQUARE_PROVIDER = {
  id: NAME,
  title: 'Square webhooks',
  vendor: 'square',
  family: 'hmac',
  docs: 'https://developer.squareup.com/docs/webhooks/step3validate',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'signatureKey',
      env: 'SQUARE_WEBHOOK_SIGNATURE_KEY',
      secret: true,
      format: 'list',
      description: 'webhook subscription signature key',
      demo: 'demo-square-signature-key',
    },
    {
      option: 'notificationUrl',
      env: 'SQUARE_NOTIFICATION_URL',
      secret: false,
      flag: '--notification-url',
      format: 'text',
      description: 'notification URL exactly as set on the Square webhook subscription',
      demo: `https://merchant.example${ROUTE}`,
    },
  ],
  factory: square,
  route: ROUTE,
  sample: (now) => paymentEvent(NAME, now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      "Square's published vector (the webhook tests of its Node, Python, Ruby, PHP and Go SDKs)",
    sdk: { package: 'square', functions: ['WebhooksHelper.verifySignature'] },
  },
} as const satisfies ProviderDefinition;
