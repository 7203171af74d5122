import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { isoSeconds } from '../catalog/samples.js';
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

const NAME = 'mollie';
const HEADER = 'x-mollie-signature';
const PREFIX = 'sha256=';

/** Options for {@link mollie}. */
export interface MollieOptions {
  /** The webhook subscription's signing secret, used as text; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers an event (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Mollie's next-gen webhooks: `X-Mollie-Signature: sha256=<hex HMAC-SHA256(secret, body)>`
 * over the raw body, the subscription's signing secret used as text
 * (docs.mollie.com/reference/webhooks-best-practices). Mollie's docs compare the bare hex;
 * its own verifiers (`SignatureValidator` in mollie-api-php and mollie-api-typescript) strip
 * an optional `sha256=` first and test both forms, so both are read here, decoded to the
 * same digest (one replay key), and `sign` writes the prefixed form. Nothing is timestamped:
 * replays are refused by the matched digest for 24 h. Several secrets may be configured while
 * one is rolled; a repeated `X-Mollie-Signature` header is refused (`malformed_request`), as
 * every repeated signing header is.
 *
 * **Classic webhooks are not signed.** A payment's `webhookUrl` receives a form POST with only
 * `id=tr_…`, and Mollie's answer to "is it genuine?" is to fetch that payment with your API
 * key and act on what the API says (fetch-to-confirm). That needs no verifier (the body
 * carries nothing to trust) and is not this scheme: mount the classic URL without it, and
 * treat its `id` as a hint, never as a status.
 *
 * Checked against Mollie's Node verifier (`mollie-api-typescript`'s `SignatureValidator`)
 * in both directions, and independent vectors (node:crypto): Mollie publishes no example
 * signature.
 *
 * @example
 * ```ts
 * const scheme = mollie({ secret: process.env.MOLLIE_WEBHOOK_SECRET! });
 * ```
 */
export function mollie<TPayload = unknown>(
  options: MollieOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const definition = webhookDefinitionOf(
    hmac<TPayload>({
      name: NAME,
      secret: options.secret,
      signature: { header: HEADER },
      ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
    }),
  ) as WebhookDefinition<TPayload, HmacSignInput, SignedHttpRequest>;
  return defineWebhookScheme({
    ...definition,
    signatureFormat: `${PREFIX}<hex> or <hex>`,
    // Both forms Mollie's verifiers accept; the prefix is stripped once, never twice.
    decode: (text) => definition.decode(text.startsWith(PREFIX) ? text.slice(PREFIX.length) : text),
    sign(input, context) {
      const signed = definition.sign(input, context);
      return {
        ...signed,
        headers: { ...signed.headers, [HEADER]: `${PREFIX}${signed.headers[HEADER]}` },
      };
    },
  });
}

/** Mollie in the list of providers. */
export const MOLLIE_PROVIDER = {
  id: 'mollie',
  title: 'Mollie next-gen webhooks (classic webhooks are unsigned: fetch the payment)',
  vendor: 'mollie',
  family: 'hmac',
  docs: 'https://docs.mollie.com/reference/webhooks-best-practices',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'MOLLIE_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook signing secret',
      demo: 'demo-mollie-signing-secret',
    },
  ],
  factory: mollie,
  route: '/webhooks/mollie',
  sample: (now) => ({
    body: {
      resource: 'event',
      id: `event_mollie_${now}`,
      type: 'payment-link.paid',
      entityId: 'pl_demo',
      createdAt: isoSeconds(now),
      _embedded: {
        entity: {
          resource: 'payment-link',
          id: 'pl_demo',
          amount: { currency: 'EUR', value: '100.00' },
        },
      },
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-mollie.mjs); Mollie publishes no example signature',
    sdk: {
      package: 'mollie-api-typescript',
      functions: ['SignatureValidator.validate', 'SignatureValidator.createSignature'],
    },
  },
} as const satisfies ProviderDefinition;
