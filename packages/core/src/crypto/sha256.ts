import { createHash } from 'node:crypto';

/**
 * SHA-256 of the values in order, as unpadded base64url (43 characters): a fixed-size name
 * for signed material of any length, so a replay store's keys never grow with the request.
 */
export function sha256Base64Url(values: Iterable<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const value of values) hash.update(value);
  return hash.digest('base64url');
}
