import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { queryChallenge } from '../handshake/flows.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/** Options for {@link meta}. */
export interface MetaOptions {
  /** The app secret (App settings → Basic); a list while rotating. */
  readonly appSecret: SecretInput;
  /**
   * The Verify Token you typed beside the callback URL. With it, the route answers Meta's
   * verification GET; without it, that GET is not answered (it falls through to the
   * signature check and gets a 401), so set it whenever you save or change the callback URL.
   */
  readonly verifyToken?: string;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Meta's verification request, for WhatsApp Cloud API, Messenger and Instagram alike
 * (developers.facebook.com/docs/graph-api/webhooks/getting-started, "Verification Requests"):
 * `GET ?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`, answered with the challenge
 * as text when the token matches, 403 when it does not (as Meta's sample app answers).
 */
function metaSubscribe(verifyToken: string) {
  return queryChallenge({
    name: 'meta.subscribe',
    arrives: 'GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… (not signed)',
    challenge: 'hub.challenge',
    when: { param: 'hub.mode', equals: 'subscribe' },
    token: { param: 'hub.verify_token', expected: verifyToken },
  });
}

/**
 * Meta Webhooks (WhatsApp Cloud API, Messenger, Instagram, Pages): `X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256(app secret, body)>`, over the body exactly as sent (Meta escapes
 * non-ASCII characters as `\uXXXX`; re-serialising breaks the signature). Nothing is
 * timestamped, so replays are refused by the matched digest. The older SHA-1
 * `X-Hub-Signature` is not accepted. The verification GET is answered when `verifyToken` is
 * set. Checked against Meta's WhatsApp Node SDK (`whatsapp`, `generateXHub256Sig`).
 *
 * @example
 * ```ts
 * const scheme = meta({
 *   appSecret: process.env.META_APP_SECRET!,
 *   verifyToken: process.env.META_VERIFY_TOKEN!,
 * });
 * ```
 */
export function meta<TPayload = unknown>(
  options: MetaOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const { verifyToken } = options;
  // An empty token would match a request that sends none.
  if (verifyToken !== undefined && (typeof verifyToken !== 'string' || verifyToken === '')) {
    throw new TypeError(
      '[hookguard] meta: verifyToken must be the non-empty Verify Token you set beside the callback URL, or left out.',
    );
  }
  return hmac<TPayload>({
    name: 'meta',
    secret: options.appSecret,
    signature: { header: 'x-hub-signature-256', prefix: 'sha256=' },
    handshakes: verifyToken === undefined ? [] : [metaSubscribe(verifyToken)],
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Meta in the list of providers: a WhatsApp Cloud API message in the demo. */
export const META_PROVIDER = {
  id: 'meta',
  title: 'Meta Webhooks (WhatsApp Cloud API, Messenger, Instagram)',
  vendor: 'meta',
  family: 'hmac',
  docs: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'appSecret',
      env: 'META_APP_SECRET',
      secret: true,
      format: 'list',
      description: 'app secret',
      demo: 'demo-meta-app-secret',
    },
    {
      option: 'verifyToken',
      env: 'META_VERIFY_TOKEN',
      secret: true,
      format: 'text',
      description: 'verify token of the callback URL',
      demo: 'demo-meta-verify-token',
    },
  ],
  factory: meta,
  route: '/webhooks/meta',
  sample: (now) => ({
    body: {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                messages: [
                  {
                    from: '16315551181',
                    id: `wamid.demo${now}`,
                    timestamp: String(Math.floor(now / 1000)),
                    type: 'text',
                    text: { body: 'pay 100' },
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors',
    sdk: { package: 'whatsapp', functions: ['generateXHub256Sig'] },
  },
} as const satisfies ProviderDefinition;
