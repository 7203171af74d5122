import { platform } from '#platform';
import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { utf8Text } from '../crypto/encoding.js';
import { keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../scheme.js';
import { bodyToSend, type SignedHttpRequest } from '../signed-request.js';
import { signatureList } from './read-helpers.js';

const NAME = 'flutterwave';

/** Options for {@link flutterwave}. */
export interface FlutterwaveOptions {
  /** The secret hash set in the dashboard; a list while rotating. */
  readonly secretHash: SecretInput;
  /** Seconds a replay store remembers a body (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** Input to `sign` for {@link flutterwave}. */
export interface FlutterwaveSignInput {
  /** Text or bytes sent as they are, any other value as JSON. */
  readonly body?: unknown;
}

/**
 * Flutterwave v3: the `verif-hash` header carries the secret hash you set in the dashboard,
 * as is. It is not an HMAC: it proves the sender knows the hash, and **the body is not
 * covered**, so anyone who sees one delivery can send any body with it. hookguard compares
 * it in constant time, never shows it (not even in `explain`), and deduplicates on the SHA-256 of
 * the body: deduplication, not replay protection, since a replay may change the body. Confirm the transaction through Flutterwave's verify-transaction API before
 * acting on money.
 *
 * There is no HMAC: the `hmac()` builder cannot express it (`sharedToken()` could; this
 * file predates it and keeps its own tested messages).
 */
export function flutterwave<TPayload = unknown>(
  options: FlutterwaveOptions,
): WebhookScheme<TPayload, FlutterwaveSignInput, SignedHttpRequest> {
  return defineWebhookScheme<TPayload, FlutterwaveSignInput, SignedHttpRequest>({
    name: NAME,
    provider: NAME,
    mediaType: 'json',
    algorithm: 'sha256',
    algorithmLabel: 'secret hash compared as is (no HMAC)',
    keys: keysFromSecrets(options.secretHash, 'secretHash', NAME),
    tolerance: false,
    // Nothing is signed, so the exact body is all that tells deliveries apart: deduplication
    // only (docs/replay.md), the hash the same on every delivery.
    replayBy: 'body',
    replayTtlSeconds: resolveReplayTtl(false, options.replayTtl, NAME),
    signatureFormat: 'the secret hash',
    signatureIsSecret: true,
    digest: (key) => key.bytes,
    read(request) {
      return {
        signatures: signatureList(request.header('verif-hash')),
        signatureSource: 'the verif-hash header',
        message: [],
        payload: () => request.json() as TPayload,
      };
    },
    decode: (text) => [{ bytes: platform.utf8(text), form: 'text' }],
    encode: () => [{ form: 'the configured secret hash', steps: [] }],
    sign(input, context) {
      return {
        headers: {
          'content-type': 'application/json',
          'verif-hash': utf8Text(context.key().bytes),
        },
        body: bodyToSend(input?.body),
      };
    },
  });
}

/** Flutterwave in the list of providers. */
export const FLUTTERWAVE_PROVIDER = {
  id: 'flutterwave',
  title: 'Flutterwave webhooks (v3)',
  vendor: 'flutterwave',
  family: 'shared-token',
  docs: 'https://developer.flutterwave.com/docs/webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secretHash',
      env: 'FLUTTERWAVE_SECRET_HASH',
      secret: true,
      format: 'list',
      description: 'secret hash',
      demo: 'demo-flutterwave-secret-hash',
    },
  ],
  factory: flutterwave,
  route: '/webhooks/flutterwave',
  sample: (now) => ({
    body: {
      event: 'charge.completed',
      data: { id: 1, amount: 100, status: 'successful', created_at: new Date(now).toISOString() },
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Flutterwave publishes no Node verifier and no signed example.',
    vector: 'independent vectors',
  },
} as const satisfies ProviderDefinition;
