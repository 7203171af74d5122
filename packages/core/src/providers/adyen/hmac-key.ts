import { decodeHex } from '../../crypto/encoding.js';
import { type Key, keysFromSecrets, type SecretInput } from '../../keys/key-ring.js';

const HEX_DIGIT = /^[0-9A-Fa-f]$/;

/**
 * What is wrong with a configured HMAC key, without quoting it: undefined when it is hex.
 * Adyen's SDKs decode the key with `Buffer.from(key, 'hex')` or `pack('H*')`, which stop
 * silently at the first character that is not a hex digit, so a key pasted with a space or
 * a quote would sign with a shorter key and never verify; here it fails at start-up.
 */
function hexProblem(key: string): string | undefined {
  if (key.trim() !== key) return 'has leading or trailing whitespace';
  for (let i = 0; i < key.length; i++)
    if (!HEX_DIGIT.test(key.charAt(i)))
      return `has a character that is not a hex digit at position ${i + 1}`;
  if (key.length % 2 !== 0) return `has an odd number of hex digits (${key.length})`;
  return undefined;
}

/**
 * Adyen's HMAC keys as the Customer Area shows them (hex, 64 digits), as key bytes: one, or
 * a list while rotating (newest first; `sign` uses the first). A key that is not hex is a
 * `TypeError` naming what is wrong and where, never the key.
 */
export function adyenKeys(input: SecretInput | undefined, scheme: string): Key[] {
  const list = typeof input === 'string' ? [input] : Array.isArray(input) ? input : [];
  list.forEach((key: unknown, index) => {
    const problem = typeof key === 'string' && key !== '' ? hexProblem(key) : undefined;
    if (problem !== undefined) {
      throw new TypeError(
        `[hookguard] ${scheme}: hmacKey[${index}] ${problem}; give the HMAC key exactly as the Customer Area shows it, in hexadecimal (Developers › Webhooks › your webhook › Security).`,
      );
    }
  });
  // Missing, empty and non-string keys get keysFromSecrets' own messages.
  return keysFromSecrets(input, 'hmacKey', scheme, decodeHex);
}
