import type { CheckedRequest, SignatureMatch } from '../check-request.js';
import { encodeDigest } from '../crypto/encoding.js';
import { sha256Base64Url } from '../crypto/sha256.js';
import type { WebhookDefinition } from '../scheme.js';

/**
 * The key a replay store remembers a verified delivery by: `<scheme>:<kind>:<base64url>`,
 * derived only from what the signature covers, so no change to an unsigned header makes a
 * captured delivery look new, and fixed in size whatever the request carries (at most the
 * scheme's name plus 91 characters).
 *
 * - `id`: the SHA-256 of a delivery id the signature covers, where the scheme has one: it
 *   stays the same across the vendor's re-signed retries, and a replay of the exact request
 *   carries it too, so it refuses everything the digest would and more;
 * - `sig`, `msg`, `body`: otherwise, by the scheme's `replayBy` (see `ReplayBy` in `scheme.ts`).
 *
 * The matched digest is used as decoded bytes, never the received text: the same delivery
 * re-sent with other base64 padding, hex case or Ethoca's second encoding maps to one key.
 */
export function replayKeyOf<TPayload>(
  definition: WebhookDefinition<TPayload, unknown, unknown>,
  checked: CheckedRequest<TPayload>,
): string {
  const deliveryId = checked.parts.deliveryId ?? definition.deliveryIdFrom?.(checked.payload);
  if (deliveryId !== undefined) return `${definition.name}:id:${sha256Base64Url([deliveryId])}`;
  return keyOf(definition, checked, checked);
}

/**
 * The keys a verified request is claimed under: {@link replayKeyOf}, and one for each
 * further item it carries (Adyen's batch), each keyed like the request's own message. Each
 * item is signed on its own, so whoever captured two deliveries could send their items
 * together as a new batch: one key for the whole batch would take that for a new delivery.
 * Distinct keys only, sorted, so two copies of a batch in another order claim in one order.
 */
export function replayKeysOf<TPayload>(
  definition: WebhookDefinition<TPayload, unknown, unknown>,
  checked: CheckedRequest<TPayload>,
): readonly string[] {
  const key = replayKeyOf(definition, checked);
  if (checked.items.length === 0) return [key];
  const keys = new Set([key]);
  for (const item of checked.items) keys.add(keyOf(definition, checked, item));
  return [...keys].sort();
}

/** The key of one signed message of the request, by the scheme's `replayBy`. */
function keyOf(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  checked: CheckedRequest<unknown>,
  match: SignatureMatch,
): string {
  switch (definition.replayBy) {
    case 'digest':
      return `${definition.name}:sig:${encodeDigest(match.digest, 'base64url')}`;
    case 'message':
      return `${definition.name}:msg:${sha256Base64Url(match.message.map((part) => part.value))}`;
    case 'body':
      return `${definition.name}:body:${sha256Base64Url([checked.body])}`;
  }
}
