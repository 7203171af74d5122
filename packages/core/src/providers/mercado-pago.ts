import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import { type HmacSignedRequest, type HmacSignInput, hmac } from './hmac.js';

const NAME = 'mercado-pago';
const ROUTE = '/webhooks/mercado-pago';

/** Options for {@link mercadoPago}. */
export interface MercadoPagoOptions {
  /**
   * The application's secret signature (Your integrations › Webhooks), used as text; a list while
   * rotating.
   */
  readonly secret: SecretInput;
  /**
   * How `data.id` is signed: `as-sent` (the default, what Mercado Pago's SDKs check) or
   * `lowercase` (an ASCII letters-and-digits id lower-cased, as Mercado Pago's Orders pages
   * say). See {@link mercadoPago}.
   */
  readonly dataIdCase?: 'as-sent' | 'lowercase';
  /** Seconds of skew allowed each way on `ts`; default 300. */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
}

/**
 * Mercado Pago Webhooks (mercadopago.com/developers/en/docs/your-integrations/notifications/
 * webhooks): `x-signature: ts=<epoch seconds>,v1=<hex>`, where `v1` is the hex
 * HMAC-SHA256, with the secret signature as text, of the manifest
 * `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`. `data.id` comes from the **query** of
 * the notification URL (`?data.id=…&type=payment`), `x-request-id` from its header.
 *
 * Only those three values are signed: **the body is not**. What the handler gets is the JSON
 * body as sent, which a replay of the signed triple could pair with other content; act on
 * the signed `data.id` (fetch the payment with Mercado Pago's API), not on the body's fields.
 * Replays are keyed on the signed manifest, so a captured notification re-sent with another
 * body is `replayed`.
 *
 * Decisions, where Mercado Pago's sources disagree:
 * - `ts` is read as seconds: the docs call it milliseconds, but their example
 *   (`ts=1704908010`) and every SDK's validator (fixed in sdk-nodejs#458) use seconds.
 * - The docs drop a pair whose value is absent from the manifest; hookguard requires both
 *   `data.id` and `x-request-id` (`missing_signature` otherwise): a notification with no
 *   signed id gives the handler nothing signed to act on.
 * - `data.id` is signed as sent by default: Mercado Pago's six SDKs all moved to that
 *   (sdk-nodejs#439, "MercadoPago signs the notification using the original casing"),
 *   while the Orders notification pages still say an alphanumeric id is lower-cased;
 *   `dataIdCase: 'lowercase'` follows those pages.
 * - The window is 300 s each way: Mercado Pago suggests checking `ts` against a tolerance
 *   and names none, nor says whether a retry (every 15 minutes at first) is signed again.
 *   If your logs show retries keeping their first `ts`, widen `tolerance`.
 *
 * No vendor vector gives its inputs: the vectors are independent, and hookguard's signatures
 * are checked against Mercado Pago's Node validator (`mercadopago`'s
 * `WebhookSignatureValidator`, which signs nothing).
 *
 * @example
 * ```ts
 * const scheme = mercadoPago({ secret: process.env.MERCADO_PAGO_WEBHOOK_SECRET! });
 * ```
 */
export function mercadoPago<TPayload = unknown>(
  options: MercadoPagoOptions,
): WebhookScheme<TPayload, HmacSignInput, HmacSignedRequest> {
  const dataIdCase = options?.dataIdCase ?? 'as-sent';
  if (dataIdCase !== 'as-sent' && dataIdCase !== 'lowercase') {
    throw new TypeError(`[hookguard] ${NAME}: dataIdCase must be 'as-sent' or 'lowercase'.`);
  }
  const dataId = dataIdCase === 'lowercase' ? 'data.id|lowercase-if-alphanumeric' : 'data.id';
  return hmac<TPayload>({
    name: NAME,
    secret: options.secret,
    signature: { header: 'x-signature', list: { separator: ',', assign: '=', version: 'v1' } },
    timestamp: { listEntry: 'ts', unit: 's' },
    message: `id:{query:${dataId}};request-id:{header:x-request-id};ts:{timestamp};`,
    mismatchHint:
      "Mercado Pago signs the data.id of the notification URL's query, the x-request-id header and ts, not the body: check that the verifier gets the URL with its query, and the secret signature of this application and mode (test and production differ).",
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Mercado Pago in the list of providers. */
export const MERCADO_PAGO_PROVIDER = {
  id: NAME,
  title: 'Mercado Pago webhooks',
  vendor: 'mercado-pago',
  family: 'hmac',
  docs: 'https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'MERCADO_PAGO_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: "the application's webhook secret signature",
      demo: 'demo-mercado-pago-secret',
    },
  ],
  factory: mercadoPago,
  route: ROUTE,
  // A payment notification: the payment id in the query, as Mercado Pago sends it.
  sample: (now) => ({
    url: `${ROUTE}?data.id=${now}&type=payment`,
    body: {
      action: 'payment.updated',
      api_version: 'v1',
      data: { id: String(now) },
      date_created: new Date(now).toISOString(),
      id: now,
      live_mode: false,
      type: 'payment',
      user_id: 44444,
    },
    timestamp: now,
  }),
  signInput: (body, path) => ({ ...jsonSignInput(body), url: path }),
  checkedAgainst: {
    vector:
      'independent vectors, computed with node:crypto from the documented manifest (Mercado Pago publishes none with its inputs)',
    sdk: { package: 'mercadopago', functions: ['WebhookSignatureValidator.validate'] },
  },
} as const satisfies ProviderDefinition;
