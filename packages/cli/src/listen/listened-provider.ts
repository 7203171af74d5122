import {
  explain,
  headersFromRaw,
  type ReplayStore,
  sign,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { type WebhookRoute, webhookRoute } from '@hookguard/core/adapter';
import { ConfigError } from '../args.js';
import type { ProviderEntry } from '../providers.js';
import type { RawDelivery } from './forward.js';
import { Redactor, secretFragments } from './redactor.js';

/** A provider `listen` receives deliveries for, with its scheme and settings. */
export interface ListenedProvider {
  readonly entry: ProviderEntry;
  readonly scheme: WebhookScheme;
  /** The adapter kit's route: the same checks, handshakes and replay claim as the adapters. */
  readonly route: WebhookRoute;
  /** Hides this provider's secrets from everything `listen` shows. */
  readonly redactor: Redactor;
  /**
   * The provider's signature is a secret, or stands for one (Flutterwave's `verif-hash`,
   * a shared token, PhonePe's hash of the password): no header but the plain ones is shown.
   */
  readonly signatureIsSecret: boolean;
  /**
   * The catalog's sample delivery made at `now`, signed with the configured secret as the
   * vendor would, addressed to `host`. Throws where the scheme cannot sign (a public-key
   * scheme given only its public key).
   */
  testEvent(now: number, host: string): RawDelivery;
}

/** `sign`'s output as the request the vendor sends to the provider's route. */
function signedRequest(entry: ProviderEntry, scheme: WebhookScheme, now: number, host: string) {
  const output = sign(scheme as never, entry.sample(now) as never) as {
    headers?: Record<string, string>;
    body?: string | Uint8Array;
    url?: string;
  };
  // Smile ID signs no request of its own: its (signature, timestamp) pair goes in the body.
  const headers = output.headers ?? { 'content-type': 'application/json' };
  const body = Buffer.from(
    output.headers === undefined ? JSON.stringify(output) : (output.body ?? ''),
  );
  // A scheme that signs a query parameter (Mercado Pago's data.id) says where it sent it.
  const url = output.url?.startsWith('/') ? output.url : entry.path;
  const rawHeaders = ['Host', host];
  for (const [name, value] of Object.entries(headers)) rawHeaders.push(name, value);
  rawHeaders.push('Content-Length', String(body.length));
  return { method: 'POST', url, rawHeaders, body } satisfies RawDelivery;
}

/** A raw delivery as the core reads it: headers from `rawHeaders`, repeats kept. */
export function webhookRequest(delivery: RawDelivery): WebhookRequest {
  return {
    method: delivery.method,
    url: delivery.url,
    headers: headersFromRaw(delivery.rawHeaders),
    body: delivery.body,
  };
}

/**
 * Whether the scheme's signature is a secret: `explain` masks even a matching key's
 * expected value then (it would be the secret, or a value as good as one), so a sample
 * signed and explained says it. A scheme that cannot sign here has a real signature.
 */
function signatureIsSecret(entry: ProviderEntry, scheme: WebhookScheme): boolean {
  if (entry.family === 'shared-token') return true;
  try {
    const sample = signedRequest(entry, scheme, Date.now(), '127.0.0.1');
    const explanation = explain(scheme, webhookRequest(sample));
    return explanation.keys.some((key) => key.matches && !key.revealed);
  } catch {
    return false;
  }
}

/**
 * Makes a provider ready to listen for: its scheme from the setting values, its route with
 * the shared replay store, what hides its secrets. A bad setting is a `ConfigError`.
 */
export function listenedProvider(
  entry: ProviderEntry,
  values: Readonly<Record<string, string>>,
  replayStore: ReplayStore,
  warn: (message: string) => void,
): ListenedProvider {
  let scheme: WebhookScheme;
  let route: WebhookRoute;
  try {
    scheme = entry.create(values) as WebhookScheme;
    route = webhookRoute(scheme, { replayStore, warn }, ['respond'], `listen ${entry.name}`);
  } catch (error) {
    throw new ConfigError(`${entry.name}: ${(error as Error).message.replace('[hookguard] ', '')}`);
  }
  return {
    entry,
    scheme,
    route,
    redactor: new Redactor(secretFragments(entry, values)),
    signatureIsSecret: signatureIsSecret(entry, scheme),
    testEvent: (now, host) => signedRequest(entry, scheme, now, host),
  };
}
