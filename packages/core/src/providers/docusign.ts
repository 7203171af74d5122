import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import { type HmacSignedRequest, type HmacSignInput, hmac } from './hmac.js';

const NAME = 'docusign';

/** Options for {@link docusign}. */
export interface DocusignOptions {
  /**
   * The Connect HMAC secret keys (Settings › Connect › Connect Keys), each used as text; a
   * list to accept any of them, as DocuSign signs with every active key.
   */
  readonly hmacKeys: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * DocuSign Connect (developers.docusign.com/platform/webhooks/connect/validate): each active
 * HMAC key gives one header, `X-DocuSign-Signature-1`, `-2`, … (up to 100 keys), each the
 * base64 HMAC-SHA256 of the raw body with that key as text; one matching a configured key
 * is enough. hookguard reads the numbered headers from `-1` up to the first one missing.
 * `X-Authorization-Digest: HMACSHA256` names the algorithm and is not needed.
 *
 * Nothing is timestamped. As a request carries one signature per key, a replay could
 * present only another key's: replays are keyed on the SHA-256 of the body (the signed
 * message) for 24 h, whichever header matched: a copy of a body already accepted is
 * `replayed`, a retry whose body DocuSign changed is a new delivery. JSON messages only:
 * Connect's legacy XML format is refused as an unsupported media type. DocuSign publishes no
 * SDK verifier and no signed example (only code samples): the vectors are independent.
 *
 * @example
 * ```ts
 * const scheme = docusign({ hmacKeys: process.env.DOCUSIGN_CONNECT_HMAC_KEYS!.split(',') });
 * ```
 */
export function docusign<TPayload = unknown>(
  options: DocusignOptions,
): WebhookScheme<TPayload, HmacSignInput, HmacSignedRequest> {
  return hmac<TPayload>({
    name: NAME,
    secret: options.hmacKeys,
    secretOption: 'hmacKeys',
    encoding: 'base64',
    signature: { header: 'x-docusign-signature-{n}' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** DocuSign Connect in the list of providers. */
export const DOCUSIGN_PROVIDER = {
  id: NAME,
  title: 'DocuSign Connect webhooks',
  vendor: 'docusign',
  family: 'hmac',
  docs: 'https://developers.docusign.com/platform/webhooks/connect/validate/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'hmacKeys',
      env: 'DOCUSIGN_CONNECT_HMAC_KEYS',
      secret: true,
      format: 'list',
      description: 'Connect HMAC secret keys (each active one)',
      demo: 'demo-docusign-connect-key',
    },
  ],
  factory: docusign,
  route: '/webhooks/docusign',
  // An envelope completed (JSON SIM), with a custom field carrying the amount.
  sample: (now) => ({
    body: {
      event: 'envelope-completed',
      apiVersion: 'v2.1',
      uri: `/restapi/v2.1/accounts/acct-demo/envelopes/env-${now}`,
      retryCount: 0,
      configurationId: 10001,
      generatedDateTime: new Date(now).toISOString(),
      data: {
        accountId: 'acct-demo',
        envelopeId: `env-${now}`,
        envelopeSummary: { status: 'completed', customFields: { amount: '100' } },
      },
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      'independent vectors, computed with node:crypto (DocuSign publishes neither an SDK verifier nor a signed example)',
    none: 'DocuSign publishes neither an SDK verifier nor a signed example, only code samples.',
  },
} as const satisfies ProviderDefinition;
