import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { signedHandshake } from '../handshake/flows.js';
import { jsonReply } from '../handshake/handshake.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import type { HmacSignInput } from './hmac.js';
import { publicKeyScheme } from './public-key-scheme.js';

/**
 * Discord's PING (`{"type":1}`), signed like any interaction: answered `{"type":1}` once
 * verified (discord.com/developers/docs/interactions/receiving-and-responding). Discord
 * sends it when the endpoint URL is saved, with a bad signature too; only the good one gets
 * this answer.
 */
const DISCORD_PING = signedHandshake({
  name: 'discord.ping',
  arrives: 'POST {"type":1} (signed)',
  match: { field: 'type', equals: 1 },
  reply: () => jsonReply({ type: 1 }),
});

/** Options for {@link discord}. */
export interface DiscordOptions {
  /** The application's public key, as the Developer Portal shows it (64 hex characters). */
  readonly publicKey: SecretInput;
  /**
   * Seconds of skew allowed each way on `X-Signature-Timestamp`; default 300, `false`
   * disables. Discord documents no window and its SDK checks none; the timestamp is signed
   * and Discord calls in real time (it waits 3 s for an answer), so a window costs nothing
   * and bounds how long a captured request stays replayable.
   */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers an interaction; default twice the tolerance. */
  readonly replayTtl?: number;
  /** Only for `sign` (tests): a private key's 32-byte seed in hex. */
  readonly privateKey?: string;
}

/**
 * Discord interactions: `X-Signature-Ed25519` is the hex Ed25519 signature of
 * `X-Signature-Timestamp` followed by the raw body, under the application's public key.
 * Discord sends invalid signatures on purpose and removes an endpoint that accepts one, so
 * every refusal is a 401. A PING (`{"type":1}`) is signed like any interaction; the
 * adapters answer it with `{"type":1}` once verified. Checked against `discord-interactions` `verifyKey`.
 * Source: discord.com/developers/docs/interactions/overview#setting-up-an-endpoint.
 *
 * @example
 * ```ts
 * const scheme = discord({ publicKey: process.env.DISCORD_PUBLIC_KEY! });
 * ```
 */
export function discord<TPayload = unknown>(
  options: DiscordOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return publicKeyScheme<TPayload>({
    name: 'discord',
    algorithm: 'ed25519',
    publicKey: options.publicKey,
    publicKeyEncoding: 'ed25519-hex',
    encoding: 'hex',
    signature: { header: 'x-signature-ed25519' },
    timestamp: { header: 'x-signature-timestamp', unit: 's' },
    message: '{timestamp}{body}',
    handshakes: [DISCORD_PING],
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
    ...(options.privateKey === undefined ? {} : { privateKey: options.privateKey }),
  });
}

/** Discord in the list of providers. */
export const DISCORD_PROVIDER = {
  id: 'discord',
  title: 'Discord interactions',
  vendor: 'discord',
  family: 'public-key',
  docs: 'https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'publicKey',
      env: 'DISCORD_PUBLIC_KEY',
      // Public, but read from the environment like every other key.
      secret: true,
      format: 'list',
      description: 'application public key (hex)',
      // The public key of the demo seed below (sha256 of "hookguard demo discord key").
      demo: 'aeec958b0f5e6074c50cb570efce93898388709142d23d4f01ead3ff149f0bb2',
    },
    {
      option: 'privateKey',
      env: 'DISCORD_PRIVATE_KEY',
      secret: true,
      format: 'text',
      description: 'a private key seed (hex), only to sign test interactions',
      demo: 'e5ca5b34ce2b41b28a8d07568ac4ab51ebe021cd6565e81ecf05fadc93031171',
    },
  ],
  factory: discord,
  route: '/webhooks/discord',
  sample: (now) => ({
    body: { type: 2, id: `interaction_${now}`, data: { name: 'ping', amount: 100 } },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'RFC 8032 Ed25519 test vectors, and discord-interactions',
    sdk: { package: 'discord-interactions', functions: ['verifyKey'] },
  },
} as const satisfies ProviderDefinition;
