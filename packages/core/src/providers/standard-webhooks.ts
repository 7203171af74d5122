import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { paymentEvent } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HeaderSchemeOptions, type HmacSignInput, hmac } from './hmac.js';
import { publicKeyScheme } from './public-key-scheme.js';

/** Options for {@link standardWebhooks} (symmetric, `v1`) and {@link svix}. */
export interface StandardWebhooksOptions {
  /** `whsec_<base64>` (or the bare base64); the key is the decoded bytes. A list while rotating. */
  readonly secret: SecretInput;
  /** Seconds of skew allowed each way on the timestamp; default 300, as the specification says. */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
}

/** Options for {@link standardWebhooks} with a public key (asymmetric, `v1a`, Ed25519). */
export interface StandardWebhooksPublicKeyOptions {
  /** `whpk_<base64>`: the sender's Ed25519 public key. A list while the sender rotates. */
  readonly publicKey: SecretInput;
  /** Seconds of skew allowed each way on the timestamp; default 300, as the specification says. */
  readonly tolerance?: number | false;
  readonly replayTtl?: number;
  /** Only for `sign` (tests, a sender you run): `whsk_<base64>`, the 32-byte seed. */
  readonly privateKey?: string;
}

/** Where a sender puts Standard Webhooks' three headers: `webhook-*`, or Svix's `svix-*`. */
export type StandardHeaderPrefix = 'webhook' | 'svix';

/**
 * What every Standard Webhooks sender shares, whatever its key: `<prefix>-id`,
 * `<prefix>-timestamp` (seconds) and `<prefix>-signature: v1,<base64> [v1,<base64> …]`
 * over `id + "." + timestamp + "." + body`, replays refused by the signed id (which the
 * sender keeps across its retries).
 */
export function standardLayout(
  name: string,
  provider: string,
  prefix: StandardHeaderPrefix,
  options: { readonly tolerance?: number | false; readonly replayTtl?: number },
): HeaderSchemeOptions {
  return {
    name,
    provider,
    signature: {
      header: `${prefix}-signature`,
      list: { separator: ' ', assign: ',', version: 'v1' },
    },
    timestamp: { header: `${prefix}-timestamp`, unit: 's' },
    message: `{header:${prefix}-id}.{timestamp}.{body}`,
    replay: { header: `${prefix}-id` },
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  };
}

/**
 * A vendor that sends Standard Webhooks (or Svix's) with a `whsec_<base64>` secret, the key
 * being the decoded bytes: Standard Webhooks itself, Svix, and the vendors that send through
 * Svix (Resend, Clerk) or sign by the specification (GitLab's signing tokens).
 */
export function standardScheme<TPayload>(
  name: string,
  provider: string,
  prefix: StandardHeaderPrefix,
  options: StandardWebhooksOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    ...standardLayout(name, provider, prefix, options),
    secret: options.secret,
    secretEncoding: 'whsec-base64',
    encoding: 'base64',
  });
}

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (seconds) and
 * `webhook-signature: v1,<base64> [v1,<base64> …]`, each the HMAC-SHA256 of
 * `id + "." + timestamp + "." + body` with the base64-decoded secret (`whsec_` removed); any
 * `v1` may match. Replays are refused by `webhook-id`. Checked against the `standardwebhooks` package.
 *
 * With `{ publicKey: 'whpk_…' }`, the specification's asymmetric form: `v1a,<base64>`
 * entries, each the Ed25519 signature of the same content (spec lines 167–232); only `v1a`
 * entries are read, and the key comes from your configuration, never from the request (the
 * spec: "do not blindly trust a public key from an additional header"). No library in the
 * Standard Webhooks repository implements `v1a` yet (standard-webhooks#124): the vectors are
 * signed with OpenSSL.
 */
export function standardWebhooks<TPayload = unknown>(
  options: StandardWebhooksOptions | StandardWebhooksPublicKeyOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  if (options !== null && typeof options === 'object' && 'publicKey' in options)
    return publicKeyScheme<TPayload>({
      ...standardLayout('standard-webhooks.v1a', 'standard-webhooks', 'webhook', options),
      signature: {
        header: 'webhook-signature',
        list: { separator: ' ', assign: ',', version: 'v1a' },
      },
      algorithm: 'ed25519',
      publicKey: options.publicKey,
      publicKeyEncoding: 'ed25519-whpk',
      encoding: 'base64',
      ...(options.privateKey === undefined ? {} : { privateKey: options.privateKey }),
    });
  return standardScheme<TPayload>('standard-webhooks', 'standard-webhooks', 'webhook', options);
}

/** Svix: Standard Webhooks with `svix-id`, `svix-timestamp` and `svix-signature` headers. Checked against the `svix` package. */
export function svix<TPayload = unknown>(
  options: StandardWebhooksOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return standardScheme<TPayload>('svix', 'svix', 'svix', options);
}

/** Standard Webhooks in the list of providers. */
export const STANDARD_WEBHOOKS_PROVIDER = {
  id: 'standard-webhooks',
  title: 'Standard Webhooks',
  vendor: 'standard-webhooks',
  family: 'hmac',
  docs: 'https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'STANDARD_WEBHOOKS_SECRET',
      secret: true,
      format: 'list',
      description: 'whsec_… secret',
      demo: 'whsec_ZGVtby1zdGFuZGFyZC13ZWJob29rcy1zZWNyZXQ=',
    },
  ],
  factory: standardWebhooks,
  route: '/webhooks/standard-webhooks',
  sample: (now) => paymentEvent('standard-webhooks', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "the specification's example",
    sdk: { package: 'standardwebhooks', functions: ['Webhook.sign', 'Webhook.verify'] },
  },
} as const satisfies ProviderDefinition;

/** Standard Webhooks' asymmetric form (`v1a`, Ed25519) in the list of providers. */
export const STANDARD_WEBHOOKS_V1A_PROVIDER = {
  id: 'standard-webhooks.v1a',
  title: 'Standard Webhooks, asymmetric (v1a, Ed25519)',
  vendor: 'standard-webhooks',
  family: 'public-key',
  docs: 'https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'publicKey',
      env: 'STANDARD_WEBHOOKS_PUBLIC_KEY',
      // Public, but read from the environment like every other key.
      secret: true,
      format: 'list',
      description: 'whpk_… public key',
      // The public key of the demo seed below (sha256 of "hookguard demo standard-webhooks v1a key").
      demo: 'whpk_/xxdpE4lDmhI+XszodfIln/eAT0eJbOQw4JTQy4HAJg=',
    },
    {
      option: 'privateKey',
      env: 'STANDARD_WEBHOOKS_PRIVATE_KEY',
      secret: true,
      format: 'text',
      description: 'whsk_… private key, only to sign test deliveries',
      demo: 'whsk_TzcYBVF7rCiPqld5WnBy+9NjV54wsMljdXgKpRtPHlg=',
    },
  ],
  factory: (options: StandardWebhooksPublicKeyOptions) => standardWebhooks(options),
  route: '/webhooks/standard-webhooks-v1a',
  sample: (now) => paymentEvent('standard-webhooks.v1a', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: "No library implements the specification's v1a (Ed25519) yet.",

    vector: 'vectors signed with OpenSSL (no library implements v1a yet)',
  },
} as const satisfies ProviderDefinition;

/** Svix in the list of providers. */
export const SVIX_PROVIDER = {
  id: 'svix',
  title: 'Svix webhooks',
  vendor: 'svix',
  family: 'hmac',
  docs: 'https://docs.svix.com/receiving/verifying-payloads/how-manual',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'SVIX_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'whsec_… secret',
      demo: 'whsec_ZGVtby1zdml4LXdlYmhvb2stc2VjcmV0',
    },
  ],
  factory: svix,
  route: '/webhooks/svix',
  sample: (now) => paymentEvent('svix', now),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: "Svix's example",
    sdk: { package: 'svix', functions: ['Webhook.sign', 'Webhook.verify'] },
  },
} as const satisfies ProviderDefinition;
