import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { WebhookVerificationError } from '../errors.js';
import {
  defineWebhookScheme,
  type WebhookDefinition,
  type WebhookScheme,
  webhookDefinitionOf,
} from '../scheme.js';
import { type HmacSignedRequest, type HmacSignInput, hmac } from './hmac.js';

const NAME = 'box';
/** Box's SDKs refuse a delivery timestamp more than 10 minutes old (`maxAge` 600). */
const BOX_TOLERANCE_SECONDS = 600;
/** The only signature version and algorithm Box sends, and its SDKs accept. */
const SIGNED_WITH = { 'box-signature-version': '1', 'box-signature-algorithm': 'HmacSHA256' };

/** Options for {@link box}. */
export interface BoxOptions {
  /** The primary signature key (Developer Console › Webhooks › Manage signature keys), as text. */
  readonly primaryKey: string;
  /** The secondary signature key, while rotating: it checks `box-signature-secondary` only. */
  readonly secondaryKey?: string;
  /**
   * Seconds of skew allowed each way on `box-delivery-timestamp`; default 600 (Box's SDKs' own).
   */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
}

/**
 * Box webhooks v2 (developer.box.com/guides/webhooks/v2/signatures-v2): `box-signature-primary`
 * is the base64 HMAC-SHA256 of the raw body **followed by** `box-delivery-timestamp` (an
 * RFC 3339 instant), made with the primary key as text; `box-signature-secondary` is the same
 * with the secondary key. Each header is checked only with its own key, as Box's SDKs do,
 * and either may match, so the primary key can be rotated with no gap. A request must say
 * `box-signature-version: 1` and `box-signature-algorithm: HmacSHA256`: any other version
 * or algorithm is refused as `invalid_signature`, missing ones as `missing_signature` (the
 * SDKs compute nothing without them).
 *
 * The window is 600 s each way (the SDKs refuse older than ten minutes, and any future
 * timestamp). As a request carries two signatures, replays are keyed on the SHA-256 of the
 * signed body and timestamp; the unsigned `box-delivery-id` plays no part. Box's SDKs also
 * try the body re-escaped (non-ASCII as `\uXXXX`, `/` as `\/`), which only rescues a body
 * parsed and serialised again: hookguard has the bytes Box sent, and checks those alone.
 * Checked against `box-node-sdk`'s `WebhooksManager.validateMessage`.
 *
 * @example
 * ```ts
 * const scheme = box({
 *   primaryKey: process.env.BOX_PRIMARY_SIGNATURE_KEY!,
 *   secondaryKey: process.env.BOX_SECONDARY_SIGNATURE_KEY,
 * });
 * ```
 */
export function box<TPayload = unknown>(
  options: BoxOptions,
): WebhookScheme<TPayload, HmacSignInput, HmacSignedRequest> {
  for (const option of ['primaryKey', 'secondaryKey'] as const) {
    const key = options?.[option];
    if ((option === 'primaryKey' || key !== undefined) && (typeof key !== 'string' || key === ''))
      throw new TypeError(`[hookguard] ${NAME}: ${option} must be a non-empty string.`);
  }
  const secondary = options.secondaryKey;
  const definition = webhookDefinitionOf(
    hmac<TPayload>({
      name: NAME,
      secret: secondary === undefined ? [options.primaryKey] : [options.primaryKey, secondary],
      encoding: 'base64',
      signature: { headersByKey: ['box-signature-primary', 'box-signature-secondary'] },
      timestamp: { header: 'box-delivery-timestamp', unit: 'rfc3339' },
      message: '{body}{timestamp}',
      tolerance: options.tolerance ?? BOX_TOLERANCE_SECONDS,
      ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
    }),
  ) as WebhookDefinition<TPayload, HmacSignInput, HmacSignedRequest>;
  return defineWebhookScheme({
    ...definition,
    read(request) {
      for (const [header, value] of Object.entries(SIGNED_WITH)) {
        const sent = request.requireHeader(header);
        if (sent !== value) {
          throw new WebhookVerificationError(
            'invalid_signature',
            `the ${header} header is ${JSON.stringify(sent.slice(0, 32))}; Box signs with ${value}, the only one its SDKs and hookguard verify.`,
            { provider: NAME },
          );
        }
      }
      return definition.read(request);
    },
    sign(input, context) {
      const signed = definition.sign(input, context);
      return { ...signed, headers: { ...signed.headers, ...SIGNED_WITH } };
    },
  });
}

/** Box in the list of providers. */
export const BOX_PROVIDER = {
  id: NAME,
  title: 'Box webhooks (v2)',
  vendor: 'box',
  family: 'hmac',
  docs: 'https://developer.box.com/guides/webhooks/v2/signatures-v2/',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'primaryKey',
      env: 'BOX_PRIMARY_SIGNATURE_KEY',
      secret: true,
      format: 'text',
      description: 'primary signature key',
      demo: 'demo-box-primary-signature-key',
    },
    {
      option: 'secondaryKey',
      env: 'BOX_SECONDARY_SIGNATURE_KEY',
      secret: true,
      format: 'text',
      description: 'secondary signature key (while rotating)',
      demo: 'demo-box-secondary-signature-key',
    },
  ],
  factory: box,
  route: '/webhooks/box',
  // A file uploaded: the webhook event Box sends, its file 100 bytes long.
  sample: (now) => ({
    body: {
      type: 'webhook_event',
      id: `evt-${now}`,
      created_at: new Date(now).toISOString(),
      trigger: 'FILE.UPLOADED',
      webhook: { id: '1234567', type: 'webhook' },
      source: { id: '987654321', type: 'file', name: 'invoice.pdf', size: 100 },
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors, computed with node:crypto and accepted by box-node-sdk',
    sdk: { package: 'box-node-sdk', functions: ['WebhooksManager.validateMessage'] },
  },
} as const satisfies ProviderDefinition;
