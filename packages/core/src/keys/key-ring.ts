import { platform } from '#platform';

/** A secret as configured: one string, or a list while rotating (newest first). */
export type SecretInput = string | readonly string[];

/** One configured key: its id (list index or named key id) and its bytes. */
export interface Key {
  readonly id: number | string;
  /** The shared secret for a MAC scheme; the public key (SPKI DER) for a public-key scheme. */
  readonly bytes: Uint8Array;
  /** Leading or trailing whitespace: almost always a copy-paste accident, worth a hint. */
  readonly hasOuterWhitespace: boolean;
}

/** Turns a configured secret into key bytes; undefined when it is not in the expected form. */
export type SecretDecoder = (secret: string) => Uint8Array | undefined;

const utf8Secret: SecretDecoder = (secret) => platform.utf8(secret);

function toKey(
  id: number | string,
  secret: unknown,
  label: string,
  decode: SecretDecoder = utf8Secret,
): Key {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError(`[hookguard] ${label} must be a non-empty string.`);
  }
  const bytes = decode(secret);
  if (bytes === undefined || bytes.length === 0) {
    throw new TypeError(`[hookguard] ${label} is not in the form this scheme's secrets take.`);
  }
  return { id, bytes, hasOuterWhitespace: secret.trim() !== secret };
}

/**
 * Normalises a secret option into keys, indexed by position: index 0 is the first secret
 * listed, which is also the one `sign` uses. Throws a `TypeError` at configuration time for
 * a missing or empty secret, so a misconfiguration fails at start-up, not on the first
 * delivery.
 */
export function keysFromSecrets(
  input: SecretInput | undefined,
  option: string,
  scheme: string,
  decode?: SecretDecoder,
): Key[] {
  const list = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(
      `[hookguard] ${scheme}: ${option} is required (a string, or a non-empty list while rotating).`,
    );
  }
  return list.map((secret, index) =>
    toKey(index, secret, `${scheme}: ${option}[${index}]`, decode),
  );
}

/**
 * Keys named by a key id (Ethoca's `KeyRef`). Stored in a `Map`, so a key id such as
 * `__proto__` or `constructor` can only ever name a configured key.
 */
export function keysFromKeyRing(ring: unknown, option: string, scheme: string): Map<string, Key> {
  const entries =
    ring instanceof Map
      ? [...ring.entries()]
      : ring !== null && typeof ring === 'object'
        ? Object.entries(ring)
        : [];
  if (entries.length === 0) {
    throw new TypeError(
      `[hookguard] ${scheme}: ${option} must map at least one key id to its secret.`,
    );
  }
  const keys = new Map<string, Key>();
  for (const [id, secret] of entries) {
    if (typeof id !== 'string' || id === '')
      throw new TypeError(
        `[hookguard] ${scheme}: ${option} has an empty key id, or one that is not a string.`,
      );
    keys.set(id, toKey(id, secret, `${scheme}: ${option}[${JSON.stringify(id)}]`));
  }
  return keys;
}
