import { platform } from '#platform';
import { sha256 } from './run-with-crypto.js';

/**
 * SHA-256 of the values in order, as unpadded base64url (43 characters): a fixed-size name
 * for signed material of any length, so a replay store's keys never grow with the request.
 */
export function sha256Base64Url(values: readonly (string | Uint8Array)[]): string {
  return platform.toBase64(sha256(values), true);
}

/** SHA-256 of the bytes, as lower-case hex (Twilio's `bodySHA256`). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return platform.toHex(sha256([bytes]));
}
