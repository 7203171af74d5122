import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { payloadField } from '../handshake/flows.js';
import { emptyReply, type Handshake } from '../handshake/handshake.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/**
 * Xero's "Intent to Receive" (developer.xero.com/documentation/guides/webhooks/configuring-your-server):
 * Xero sends payloads with no events, some correctly signed and some not, and expects 200
 * for the first and 401 for the others. The 401 is what every forged delivery gets; a
 * correctly signed one is answered here with an empty 200 once verified, so a handler never
 * sees a delivery with nothing in it (and cannot slow the answer past Xero's 5 s). Every
 * real delivery carries at least one event.
 */
const XERO_INTENT_TO_RECEIVE: Handshake = {
  name: 'xero.intent_to_receive',
  signed: true,
  arrives: 'POST {"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"…"} (signed)',
  answer(request) {
    const events = payloadField(request.payload, 'events');
    return Array.isArray(events) && events.length === 0 ? emptyReply() : undefined;
  },
};

/** Options for {@link xero}. */
export interface XeroOptions {
  /** The app's webhooks key (My Apps → Webhooks); a list while rotating. */
  readonly webhookKey: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Xero webhooks: `x-xero-signature: <base64 HMAC-SHA256(webhooks key, body)>`. Nothing is
 * timestamped, so replays are refused by the matched digest (each payload carries Xero's
 * event sequence numbers, and each intent-to-receive payload a random `entropy`). The
 * intent-to-receive check is answered as Xero expects (see above). Checked against
 * independent vectors (Xero publishes no example, and `xero-node` verifies nothing).
 *
 * @example
 * ```ts
 * const scheme = xero({ webhookKey: process.env.XERO_WEBHOOK_KEY! });
 * ```
 */
export function xero<TPayload = unknown>(
  options: XeroOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'xero',
    secret: options.webhookKey,
    signature: { header: 'x-xero-signature' },
    encoding: 'base64',
    handshakes: [XERO_INTENT_TO_RECEIVE],
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Xero in the list of providers. */
export const XERO_PROVIDER = {
  id: 'xero',
  title: 'Xero webhooks',
  vendor: 'xero',
  family: 'hmac',
  docs: 'https://developer.xero.com/documentation/guides/webhooks/configuring-your-server',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'webhookKey',
      env: 'XERO_WEBHOOK_KEY',
      secret: true,
      format: 'list',
      description: 'webhooks key',
      demo: 'demo-xero-webhook-key',
    },
  ],
  factory: xero,
  route: '/webhooks/xero',
  sample: (now) => ({
    body: {
      events: [
        {
          resourceUrl:
            'https://api.xero.com/api.xro/2.0/Invoices/e2a5e2a5-0000-4000-8000-000000000100',
          resourceId: 'e2a5e2a5-0000-4000-8000-000000000100',
          eventDateUtc: new Date(now).toISOString(),
          eventType: 'UPDATE',
          eventCategory: 'INVOICE',
          tenantId: 'c2cc9b6e-9458-4c7d-93cc-f02b81b0594f',
          tenantType: 'ORGANISATION',
        },
      ],
      firstEventSequence: 1,
      lastEventSequence: 1,
      entropy: 'S0m3r4Nd0mt3xt',
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Xero publishes no Node verifier for webhooks and no signed example.',
    vector: 'independent vectors',
  },
} as const satisfies ProviderDefinition;
