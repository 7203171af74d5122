import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { bodyText } from '../catalog/sign-inputs.js';
import { WebhookVerificationError } from '../errors.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { IncomingWebhook } from '../request/incoming-webhook.js';
import {
  defineWebhookScheme,
  resolveReplayTtl,
  type WebhookDefinition,
  type WebhookScheme,
  webhookDefinitionOf,
} from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { epochMillis, type ReceivedTimestamp, resolveTolerance } from '../time/timestamps.js';
import { type HmacSignInput, hmac } from './hmac.js';

const NAME = 'linear';
/** The body field Linear stamps each delivery with (`LINEAR_WEBHOOK_TS_FIELD` in `@linear/sdk`). */
const TIMESTAMP_FIELD = 'webhookTimestamp';
/** `@linear/sdk` refuses a `webhookTimestamp` more than a minute from now, either way. */
const LINEAR_TOLERANCE_SECONDS = 60;

/** Options for {@link linear}. */
export interface LinearOptions {
  /** The webhook's signing secret, used as text; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds of skew allowed each way on `webhookTimestamp`; default 60, `@linear/sdk`'s own. */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default twice the tolerance. */
  readonly replayTtl?: number;
}

/** The signed `webhookTimestamp` of the body: epoch ms as a JSON number, as Linear sends it. */
function bodyTimestamp(body: Record<string, unknown>): ReceivedTimestamp {
  const value = body[TIMESTAMP_FIELD];
  if (value === undefined || value === null) {
    throw new WebhookVerificationError(
      'missing_signature',
      `the ${TIMESTAMP_FIELD} field of the body is missing; Linear stamps every delivery with it.`,
      { provider: NAME },
    );
  }
  // `@linear/sdk` takes only a finite number; a string or anything else cannot be shown to be
  // recent, so it is refused as a timestamp that cannot be read.
  if (typeof value !== 'number') {
    const raw = typeof value === 'string' ? value : JSON.stringify(value);
    return { raw, ms: undefined, format: 'JSON number of epoch milliseconds' };
  }
  return epochMillis(String(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

/**
 * Linear: `Linear-Signature: <hex HMAC-SHA256(secret, body)>`, and the timestamp is the
 * `webhookTimestamp` field (epoch ms) **inside the signed JSON body**, not a header
 * (linear.app/developers/webhooks, "Securing webhooks"). `@linear/sdk`'s
 * `LinearWebhookClient.verify` checks the HMAC of the raw body, then refuses a
 * `webhookTimestamp` that is missing, not a number, or more than 60 s from now; its
 * `timestamp` argument and the `Linear-Timestamp` header are "deprecated and ignored. Only
 * webhookTimestamp in the signed body is trusted". hookguard does the same: the header is
 * never read, the window is 60 s each way by default. Nothing is timestamped outside the
 * body, so the body's digest is the delivery's identity; `Linear-Delivery` is not signed,
 * so it does not decide whether a delivery is new. A retry carries a new `webhookTimestamp`
 * (a 60 s window could not hold otherwise), so it is a new body and a new delivery.
 * `sign` stamps an object body's `webhookTimestamp` with the input's `timestamp` (default
 * now); a text body is sent as given. Checked against `@linear/sdk`'s
 * `LinearWebhookClient` (`verify`, `parseData`).
 *
 * @example
 * ```ts
 * const scheme = linear({ secret: process.env.LINEAR_WEBHOOK_SECRET! });
 * ```
 */
export function linear<TPayload = unknown>(
  options: LinearOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const tolerance = resolveTolerance(options.tolerance ?? LINEAR_TOLERANCE_SECONDS, NAME);
  const definition = webhookDefinitionOf(
    hmac<TPayload>({
      name: NAME,
      secret: options.secret,
      signature: { header: 'linear-signature' },
    }),
  ) as WebhookDefinition<TPayload, HmacSignInput, SignedHttpRequest>;
  return defineWebhookScheme({
    ...definition,
    tolerance,
    replayTtlSeconds: resolveReplayTtl(tolerance, options.replayTtl, NAME),
    read(request: IncomingWebhook) {
      const parts = definition.read(request);
      // Unsigned is unsigned whatever the body: the body is read only when a signature came.
      if (parts.signatures.length === 0) return parts;
      const body = request.jsonObject();
      return { ...parts, timestamp: bodyTimestamp(body), payload: () => body as TPayload };
    },
    sign(input, context) {
      const body = input?.body;
      if (!isObject(body)) return definition.sign(input, context);
      const stamped = { ...body, [TIMESTAMP_FIELD]: input.timestamp ?? context.now };
      return definition.sign({ ...input, body: stamped }, context);
    },
  });
}

/** Linear in the list of providers. */
export const LINEAR_PROVIDER = {
  id: 'linear',
  title: 'Linear webhooks',
  vendor: 'linear',
  family: 'hmac',
  docs: 'https://linear.app/developers/webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'LINEAR_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook signing secret',
      demo: 'lin_wh_demo_linear_secret',
    },
  ],
  factory: linear,
  route: '/webhooks/linear',
  // An object body: sign stamps its webhookTimestamp with the sample's time.
  sample: (now) => paymentEvent('linear', now),
  // A JSON object given to the CLI is re-stamped with the time of signing; other text is sent as is.
  signInput: (body) => {
    const text = body.length === 0 ? '{}' : bodyText(body);
    try {
      const parsed: unknown = JSON.parse(text);
      if (isObject(parsed)) return { body: parsed };
    } catch {
      // Not JSON: signed as given.
    }
    return { body: text };
  },
  checkedAgainst: {
    vector: 'independent vectors, computed by @linear/sdk LinearWebhookClient.verify',
    sdk: { package: '@linear/sdk', functions: ['LinearWebhookClient.verify', 'parseData'] },
  },
} as const satisfies ProviderDefinition;
