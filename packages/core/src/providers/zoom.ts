import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { encodeDigest } from '../crypto/encoding.js';
import { challengeText, payloadField, signedHandshake } from '../handshake/flows.js';
import { type HandshakeRequest, jsonReply } from '../handshake/handshake.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/**
 * Zoom's answer to `endpoint.url_validation`: `{ plainToken, encryptedToken }`, where
 * `encryptedToken` is the hex HMAC-SHA256 of `payload.plainToken` under the secret token
 * (developers.zoom.us/docs/api/webhooks, "Validate your webhook endpoint"; `@zoom/rivet`'s
 * `hashUrlValidationEvent`). The key is the one that verified the request, so a rolling
 * secret answers with the key Zoom signed with.
 */
export function zoomValidationReply(payload: unknown, request: HandshakeRequest) {
  const plainToken = challengeText(
    payloadField(payloadField(payload, 'payload'), 'plainToken'),
    'payload.plainToken field',
    request,
  );
  const mac = request.hmac('sha256', plainToken);
  // An hmac() scheme always has a key; a scheme without one cannot answer Zoom.
  if (mac === undefined)
    throw new TypeError(`[hookguard] ${request.provider}: no key to answer with.`);
  return jsonReply({ plainToken, encryptedToken: encodeDigest(mac, 'hex') });
}

/**
 * `endpoint.url_validation`, signed like any event (`@zoom/rivet` verifies it before it
 * answers). Zoom sends it when the endpoint is saved and again every 72 hours; it is
 * answered every time, never claimed in the replay store.
 */
const ZOOM_URL_VALIDATION = signedHandshake({
  name: 'zoom.url_validation',
  arrives: 'POST {"event":"endpoint.url_validation","payload":{"plainToken":"…"}} (signed)',
  match: { field: 'event', equals: 'endpoint.url_validation' },
  reply: zoomValidationReply,
});

/** Options for {@link zoom}. */
export interface ZoomOptions {
  /** The app's Secret Token (Features → Access → Secret Token); a list while rotating. */
  readonly secretToken: SecretInput;
  /**
   * Seconds of skew allowed each way on `x-zm-request-timestamp`; default 300, `false`
   * disables. Zoom documents no window and `@zoom/rivet` checks none; the timestamp is
   * signed, so a window bounds how long a captured event stays replayable.
   */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers an event; default twice the tolerance. */
  readonly replayTtl?: number;
}

/**
 * Zoom: `x-zm-signature: v0=<hex HMAC-SHA256(secret token, "v0:" + timestamp + ":" + body)>`
 * with `x-zm-request-timestamp` in epoch seconds. `endpoint.url_validation` is answered by
 * the adapters once verified (see {@link zoomValidationReply}). Replays are refused by the
 * matched digest: Zoom sends no delivery id. Checked against `@zoom/rivet`'s receiver
 * (which signs `JSON.stringify` of the parsed body, so it agrees on compact JSON only:
 * hookguard verifies the raw bytes, as Zoom signs them).
 *
 * @example
 * ```ts
 * const scheme = zoom({ secretToken: process.env.ZOOM_WEBHOOK_SECRET_TOKEN! });
 * ```
 */
export function zoom<TPayload = unknown>(
  options: ZoomOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'zoom',
    secret: options.secretToken,
    signature: { header: 'x-zm-signature', prefix: 'v0=' },
    timestamp: { header: 'x-zm-request-timestamp', unit: 's' },
    message: 'v0:{timestamp}:{body}',
    handshakes: [ZOOM_URL_VALIDATION],
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Zoom in the list of providers. */
export const ZOOM_PROVIDER = {
  id: 'zoom',
  title: 'Zoom webhooks (event subscriptions)',
  vendor: 'zoom',
  family: 'hmac',
  docs: 'https://developers.zoom.us/docs/api/webhooks/',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secretToken',
      env: 'ZOOM_WEBHOOK_SECRET_TOKEN',
      secret: true,
      format: 'list',
      description: 'secret token',
      demo: 'demo-zoom-secret-token',
    },
  ],
  factory: zoom,
  route: '/webhooks/zoom',
  sample: (now) => ({
    body: {
      event: 'meeting.started',
      event_ts: now,
      payload: {
        account_id: 'demo',
        object: { id: '1234567890', topic: 'Payments review', duration: 100 },
      },
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "Zoom's documented signing rule, and @zoom/rivet",
    sdk: { package: '@zoom/rivet', functions: ['AwsLambdaReceiver'] },
  },
} as const satisfies ProviderDefinition;
