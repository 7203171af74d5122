import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { bodyText } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import { type HmacSignedRequest, type HmacSignInput, hmac } from './hmac.js';

const NAME = 'hubspot';
const ROUTE = '/webhooks/hubspot';
/**
 * The escapes HubSpot decodes in the URL before signing it ("decode any of the URL-encoded
 * characters listed in the table": %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B).
 */
const HUBSPOT_DECODED = ":/?@!$'()*,;";

/** Options for {@link hubspot}. */
export interface HubspotOptions {
  /** The app's client secret, used as text; a list while rotating. */
  readonly clientSecret: SecretInput;
  /**
   * The public URL HubSpot calls, as set on the app's webhook subscription or card: an
   * origin such as `https://merchant.com`, with the path prefix a proxy strips
   * (`https://merchant.com/hubspot` when the app receives `/events` for
   * `https://merchant.com/hubspot/events`). The request's path and query are appended.
   * Without it, `https://` and the `Host` header (see `trustProxy`). Set it behind a proxy.
   */
  readonly publicUrl?: string;
  /** Without `publicUrl`: trust `X-Forwarded-Proto`, `-Host` and `-Port`. Default false. */
  readonly trustProxy?: boolean;
  /**
   * Seconds of skew allowed each way on `X-HubSpot-Request-Timestamp`; default 300
   * (HubSpot: "reject the request if the timestamp is older than 5 minutes").
   */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
}

/**
 * HubSpot, signature v3 (developers.hubspot.com/docs/apps/developer-platform/build-apps/
 * authentication/request-validation): `X-HubSpot-Signature-v3: base64(HMAC-SHA256(client
 * secret, method + URI + body + timestamp))`, with `X-HubSpot-Request-Timestamp` in epoch
 * milliseconds, on HubSpot's requests to apps (webhooks, workflow actions, CRM cards). The
 * URI is the full URL HubSpot called (`https://host/path?query`), with the escapes HubSpot
 * lists decoded (`%3A` `%2F` `%3F` `%40` `%21` `%24` `%27` `%28` `%29` `%2A` `%2C` `%3B`; any
 * other escape stays as received). hookguard rebuilds that URL from `publicUrl` and the
 * request's path and query, default port left out, with the code Twilio's preset uses. The
 * older `X-HubSpot-Signature` (v1 and v2, plain SHA-256 with no timestamp) is not read: it
 * cannot refuse a stale replay.
 *
 * The window is 300 s each way (HubSpot rejects older than five minutes;
 * `@hubspot/api-client`'s `Signature.isValid` checks only the past). HubSpot retries for up
 * to a day while asking receivers to refuse anything five minutes old, so a retry carries a
 * new timestamp and signature: the matched digest is the delivery's identity, and nothing
 * HubSpot sends unsigned (`X-HubSpot-Signature`, `X-HubSpot-Signature-Version`) plays a
 * part. Each event in the body has an `eventId` to deduplicate retries on. Checked against
 * `@hubspot/api-client`'s `Signature.getSignature` and `Signature.isValid`, both ways.
 *
 * @example
 * ```ts
 * const scheme = hubspot({
 *   clientSecret: process.env.HUBSPOT_CLIENT_SECRET!,
 *   publicUrl: 'https://merchant.com',
 * });
 * ```
 */
export function hubspot<TPayload = unknown>(
  options: HubspotOptions,
): WebhookScheme<TPayload, HmacSignInput, HmacSignedRequest> {
  return hmac<TPayload>({
    name: NAME,
    secret: options.clientSecret,
    secretOption: 'clientSecret',
    encoding: 'base64',
    signature: { header: 'x-hubspot-signature-v3' },
    timestamp: { header: 'x-hubspot-request-timestamp', unit: 'ms' },
    message: '{method}{publicUrl}{body}{timestamp}',
    unescapeInUrl: HUBSPOT_DECODED,
    mismatchHint: 'HubSpot signs the method, the full URL it called, the body and the timestamp.',
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** HubSpot (v3 signatures) in the list of providers. */
export const HUBSPOT_PROVIDER = {
  id: NAME,
  title: 'HubSpot webhooks, workflow actions and cards (signature v3)',
  vendor: 'hubspot',
  family: 'hmac',
  docs: 'https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'clientSecret',
      env: 'HUBSPOT_CLIENT_SECRET',
      secret: true,
      format: 'list',
      description: "the app's client secret",
      demo: 'demo-hubspot-client-secret',
    },
    {
      option: 'publicUrl',
      env: 'HUBSPOT_PUBLIC_URL',
      secret: false,
      flag: '--public-url',
      format: 'text',
      description: 'public URL HubSpot calls (origin and path prefix)',
      demo: 'https://merchant.example',
    },
  ],
  factory: hubspot,
  route: ROUTE,
  // A deal's amount changed: HubSpot sends a JSON array of events.
  sample: (now) => ({
    url: ROUTE,
    body: [
      {
        eventId: now,
        subscriptionId: 12345,
        portalId: 62515,
        appId: 54321,
        occurredAt: now,
        subscriptionType: 'deal.propertyChange',
        attemptNumber: 0,
        objectId: 123,
        propertyName: 'amount',
        propertyValue: '100',
        changeSource: 'CRM',
      },
    ],
    timestamp: now,
  }),
  signInput: (body, path) => ({ url: path, body: body.length === 0 ? '[]' : bodyText(body) }),
  checkedAgainst: {
    vector: 'independent vectors, computed by @hubspot/api-client 13 Signature.getSignature',
    sdk: {
      package: '@hubspot/api-client',
      functions: ['Signature.getSignature', 'Signature.isValid'],
    },
  },
} as const satisfies ProviderDefinition;
