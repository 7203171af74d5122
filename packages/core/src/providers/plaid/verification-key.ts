import { WebhookVerificationError } from '../../errors.js';
import { p256SpkiFromJwk } from '../../keys/ec-jwk.js';
import type { LoadedKey } from '../../keys/key-cache.js';
import type { Key } from '../../keys/key-ring.js';

/**
 * The key in an answer of Plaid's `/webhook_verification_key/get`:
 * `{ key: { alg: 'ES256', crv: 'P-256', kid, kty: 'EC', use: 'sig', x, y, created_at,
 * expired_at }, request_id }` (plaid.com/docs/api/webhooks/webhook-verification).
 *
 * - `kid` must be the one asked for, `alg` ES256, `use` (when sent) `sig`, and the point a
 *   P-256 point.
 * - `expired_at` is `null` for a key in use, else the Unix time the key expired. A key is
 *   used only before its `expired_at`, at the request's clock, and kept in the cache no
 *   later than that; Plaid's own Python sample refuses any key whose `expired_at` is set,
 *   which is the same for every `expired_at` in the past, the only kind Plaid documents.
 *
 * Anything else is `key_unavailable` (503): Plaid retries, nothing was accepted, and no byte
 * of the answer (nor the key id, which the request chose) appears in the message.
 */
export function plaidVerificationKey(
  document: Uint8Array,
  kid: string,
  nowMs: number,
  provider: string,
): LoadedKey<Key> {
  const refuse = (why: string) =>
    new WebhookVerificationError(
      'key_unavailable',
      `the verification key Plaid answered for the JWT's kid ${why}.`,
      { provider },
    );
  let answer: unknown;
  try {
    answer = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(document));
  } catch {
    throw refuse('is not JSON');
  }
  const key = (answer as { key?: unknown } | null)?.key;
  if (key === null || typeof key !== 'object') throw refuse('is not an object with a key');
  const { kid: keyId, alg, use, expired_at: expiredAt } = key as Record<string, unknown>;
  if (keyId !== kid) throw refuse('is for another key id');
  if (alg !== 'ES256' || (use !== undefined && use !== 'sig'))
    throw refuse('is not an ES256 signing key');
  const spki = p256SpkiFromJwk(key);
  if (spki === undefined)
    throw refuse('is not a P-256 JWK (kty EC, crv P-256, x and y of 32 bytes on the curve)');
  let expiresAt: number | undefined;
  if (expiredAt !== null && expiredAt !== undefined) {
    if (typeof expiredAt !== 'number' || !Number.isSafeInteger(expiredAt) || expiredAt < 0)
      throw refuse('has an expired_at that is not a Unix time in seconds');
    expiresAt = expiredAt * 1000;
    if (nowMs >= expiresAt)
      throw refuse(`expired at ${new Date(expiresAt).toISOString()} (its expired_at)`);
  }
  return { value: { id: kid, bytes: spki, hasOuterWhitespace: false }, expiresAt };
}
