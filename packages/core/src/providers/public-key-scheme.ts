import { encodeDigest, type SignatureEncoding } from '../crypto/encoding.js';
import { decodePlain } from '../crypto/signature-forms.js';
import { keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import {
  type PublicKeyEncoding,
  privateKeyFrom,
  publicKeyDecoder,
} from '../keys/public-key-forms.js';
import type { SignatureAlgorithm } from '../platform/platform.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import {
  type HeaderSchemeOptions,
  type HmacSignInput,
  headerSignedScheme,
  schemeName,
} from './hmac.js';

/** Options for {@link publicKeyScheme}. */
export interface PublicKeySchemeOptions extends HeaderSchemeOptions {
  /** The vendor's signature algorithm. */
  readonly algorithm: SignatureAlgorithm;
  /** The vendor's public key, as its dashboard shows it; a list while the vendor rotates. */
  readonly publicKey: SecretInput;
  /** How `publicKey` is written (see {@link PublicKeyEncoding}). */
  readonly publicKeyEncoding: PublicKeyEncoding;
  /** How the signature is written; default `base64`. */
  readonly encoding?: SignatureEncoding;
  /**
   * Only for `sign` (tests, the CLI, a sender you run): the private key, for Ed25519 the
   * 32-byte seed in the public key's own text form, else PKCS#8 DER in base64. Never needed
   * to verify.
   */
  readonly privateKey?: string;
}

/**
 * A scheme for any vendor that signs with a private key and publishes the public key: where
 * the signature and its inputs live and the string to sign, as for {@link hmac}, with the
 * vendor's algorithm and public key. A delivery is identified for the replay store by the
 * SHA-256 of the signed message, never by the signature's bytes: an ECDSA signature has a
 * second valid form anyone can compute from the first, so a replay could carry new bytes.
 *
 * @example
 * ```ts
 * import { publicKeyScheme } from '@hookguard/core';
 *
 * const acme = publicKeyScheme({
 *   name: 'acme',
 *   algorithm: 'ed25519',
 *   publicKey: process.env.ACME_PUBLIC_KEY!, // the 32 raw bytes in base64
 *   publicKeyEncoding: 'ed25519-base64',
 *   signature: { header: 'x-acme-signature' },
 *   timestamp: { header: 'x-acme-timestamp', unit: 's' },
 *   message: '{timestamp}.{body}',
 * });
 * ```
 */
export function publicKeyScheme<TPayload = unknown>(
  options: PublicKeySchemeOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const name = schemeName(options?.name, 'publicKeyScheme');
  const { algorithm, publicKeyEncoding } = options;
  const encoding = options.encoding ?? 'base64';
  const privateKey =
    options.privateKey === undefined
      ? undefined
      : privateKeyFrom(options.privateKey, algorithm, publicKeyEncoding);
  if (options.privateKey !== undefined && privateKey === undefined) {
    throw new TypeError(
      `[hookguard] ${name}: privateKey is not in the form this scheme's keys take.`,
    );
  }
  return headerSignedScheme<TPayload>(options, {
    algorithm,
    keys: keysFromSecrets(
      options.publicKey,
      'publicKey',
      name,
      publicKeyDecoder(publicKeyEncoding),
    ),
    privateKey,
    replayBy: 'message',
    encodingLabel: encoding,
    decode: decodePlain(encoding),
    encode: () => [],
    produce: (message, context) => encodeDigest(context.signature(message), encoding),
  });
}
