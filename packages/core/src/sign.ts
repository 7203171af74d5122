import { platform } from '#platform';
import { hmacDigest, isHmacAlgorithm } from './crypto/hmac.js';
import { hasSyncCrypto, needsAsync, runWithCrypto, signMessage } from './crypto/run-with-crypto.js';
import type { Key } from './keys/key-ring.js';
import {
  type SignContext,
  type SigningDefinition,
  type SigningScheme,
  signingDefinitionOf,
} from './scheme.js';

/** Options for {@link sign}. */
export interface SignOptions {
  /** Clock in epoch milliseconds, like `Date.now` (the default). */
  readonly now?: () => number;
}

function keyFor(definition: SigningDefinition<unknown, unknown>, id: string | undefined): Key {
  // A list signs with its first secret; a key ring with the named key id, or its first.
  const { keys } = definition;
  const key =
    id === undefined ? keys.values().next().value : (keys as ReadonlyMap<string, Key>).get(id);
  if (key === undefined) {
    throw new TypeError(
      `[hookguard] ${definition.name}: no key with id ${JSON.stringify(id)} is configured.`,
    );
  }
  return key;
}

/**
 * Produces what the sender sends, exactly as the vendor would: headers and body for a
 * webhook, `{ signature, timestamp }` for Smile ID, the hex signature for UiCheck. Signs
 * with the first configured secret (or the named key id). Round-trips with `verify`.
 *
 * @example
 * ```ts
 * const { headers, body } = sign(cashfree.webhook({ secret }), { body: { type: 'PAYMENT_SUCCESS_WEBHOOK' } });
 * await fetch(url, { method: 'POST', headers, body });
 * ```
 */
export function sign<TSignInput, TSigned>(
  scheme: SigningScheme<TSignInput, TSigned>,
  input: TSignInput,
  options: SignOptions = {},
): TSigned {
  const definition = signingDefinitionOf(scheme);
  if (!hasSyncCrypto()) throw needsAsync('sign()', 'signAsync()');
  return signWith(definition, input, (options.now ?? Date.now)(), () => platform.randomUUID());
}

/**
 * {@link sign} on every runtime: the same result, computed with Web Crypto where the runtime
 * has no `node:crypto` (workerd, Vercel Edge, Deno, Bun), at once on Node. Like Stripe's
 * `generateTestHeaderStringAsync`.
 *
 * @example
 * ```ts
 * const { headers, body } = await signAsync(stripe({ secret }), { body: { id: 'evt_1' } });
 * ```
 */
export async function signAsync<TSignInput, TSigned>(
  scheme: SigningScheme<TSignInput, TSigned>,
  input: TSignInput,
  options: SignOptions = {},
): Promise<TSigned> {
  const definition = signingDefinitionOf(scheme);
  const now = (options.now ?? Date.now)();
  // The task may run more than once (see runWithCrypto): every run must see the same clock
  // and the same UUIDs, in the order it asks for them.
  const uuids: string[] = [];
  return runWithCrypto(() => {
    let next = 0;
    return signWith(definition, input, now, () => {
      uuids[next] ??= platform.randomUUID();
      return uuids[next++] as string;
    });
  });
}

function signWith<TSignInput, TSigned>(
  definition: SigningDefinition<TSignInput, TSigned>,
  input: TSignInput,
  now: number,
  randomUUID: () => string,
): TSigned {
  const context: SignContext = {
    now,
    randomUUID,
    key: (id) => keyFor(definition as SigningDefinition<unknown, unknown>, id),
    digest: (message, key) => {
      const algorithm = definition.algorithm;
      if (!isHmacAlgorithm(algorithm))
        throw new TypeError(`[hookguard] ${definition.name}: a public-key scheme has no HMAC.`);
      return hmacDigest(algorithm, key.bytes, message);
    },
    signature: (message, named) => {
      const algorithm = named ?? definition.algorithm;
      if (isHmacAlgorithm(algorithm) || definition.privateKey === undefined)
        throw new TypeError(
          `[hookguard] ${definition.name}: sign needs the scheme's privateKey (the public key only verifies).`,
        );
      return signMessage(
        algorithm,
        definition.privateKey,
        message.map((part) => part.value),
      );
    },
  };
  return definition.sign(input, context);
}
