import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link typeform}. */
export interface TypeformOptions {
  /** The `secret` set on the webhook through the Webhooks API, used as text; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, body)>`, "a hash
 * (using secret as a key) of the entire received payload as binary", base64, prefixed
 * `sha256=` (typeform.com/developers/webhooks/secure-your-webhooks/; the same in
 * Typeform's own `verifySignature`, on an unmerged `middleware` branch of
 * Typeform/js-api-client, so not in `@typeform/api-client`). Base64, not hex as most
 * `sha256=` headers: a hex value is `invalid_signature`. A webhook without a secret sends
 * no signature: `missing_signature`.
 * Nothing is timestamped, so replays are refused by the matched digest for 24 h; the
 * body's `event_id` is signed, for a handler that wants to deduplicate further. Typeform
 * publishes no Node verifier and no signed example: the vectors are independent.
 *
 * @example
 * ```ts
 * const scheme = typeform({ secret: process.env.TYPEFORM_WEBHOOK_SECRET! });
 * ```
 */
export function typeform<TPayload = unknown>(
  options: TypeformOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'typeform',
    secret: options.secret,
    encoding: 'base64',
    signature: { header: 'typeform-signature', prefix: 'sha256=' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Typeform in the list of providers. */
export const TYPEFORM_PROVIDER = {
  id: 'typeform',
  title: 'Typeform webhooks (form responses)',
  vendor: 'typeform',
  family: 'hmac',
  docs: 'https://www.typeform.com/developers/webhooks/secure-your-webhooks/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'TYPEFORM_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook secret',
      demo: 'demo-typeform-secret',
    },
  ],
  factory: typeform,
  route: '/webhooks/typeform',
  sample: (now) => paymentEvent('typeform', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Typeform publishes no Node verifier on npm and no example signature.',
    vector:
      'independent vectors: HMAC-SHA256, base64, through node:crypto (test/vectors/generate-typeform.mjs)',
  },
} as const satisfies ProviderDefinition;
