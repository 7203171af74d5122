import { platform } from '#platform';
import { ecdsaDerToP1363, p1363ToEcdsaDer } from '../crypto/ecdsa-signature.js';
import { encodeDigest, type SignatureEncoding } from '../crypto/encoding.js';
import { decodePlain } from '../crypto/signature-forms.js';
import { type KeyAlgorithm, spkiAlgorithm } from '../crypto/x509.js';
import { keysFromSecrets, type SecretDecoder, type SecretInput } from '../keys/key-ring.js';
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
   * How an ECDSA signature's two numbers are laid out once `encoding` is decoded: `p1363`
   * (`r ‖ s`, each the curve's size; the default, and what Web Crypto makes) or `der` (the
   * ASN.1 `SEQUENCE { r INTEGER, s INTEGER }` of RFC 3279, as OpenSSL, Java and SendGrid
   * write it). A DER signature is read strictly; one that is not exactly that is refused as
   * `invalid_signature`. Only for ECDSA algorithms.
   */
  readonly signatureForm?: EcdsaSignatureForm;
  /**
   * Only for `sign` (tests, the CLI, a sender you run): the private key, for Ed25519 the
   * 32-byte seed in the public key's own text form, else PKCS#8 DER in base64. Never needed
   * to verify.
   */
  readonly privateKey?: string;
}

/** How an ECDSA signature's `r` and `s` are laid out (see {@link PublicKeySchemeOptions}). */
export type EcdsaSignatureForm = 'p1363' | 'der';

/** The byte size of `r` and of `s` for each ECDSA algorithm (the curve's order, in bytes). */
const ECDSA_SIZE: Partial<Record<SignatureAlgorithm, number>> = { 'ecdsa-p256-sha256': 32 };

/** The kind of public key each algorithm verifies with, as the SPKI names it. */
const KEY_ALGORITHM: Record<SignatureAlgorithm, KeyAlgorithm> = {
  ed25519: 'ed25519',
  'ecdsa-p256-sha256': 'ec-p256',
  'rsa-pkcs1-sha1': 'rsa',
  'rsa-pkcs1-sha256': 'rsa',
};

/**
 * A public key in `encoding`, read to SPKI DER and refused (so a `TypeError` at
 * configuration time) unless it is a well-formed key for `algorithm`, and on node:crypto one
 * it imports (an EC point off the curve is refused there): a truncated key, another curve's
 * or a broken point would otherwise fail only when the first delivery is verified.
 */
function publicKeyFor(algorithm: SignatureAlgorithm, encoding: PublicKeyEncoding): SecretDecoder {
  const decode = publicKeyDecoder(encoding);
  return (text) => {
    const spki = decode(text);
    return spki !== undefined &&
      spkiAlgorithm(spki) === KEY_ALGORITHM[algorithm] &&
      platform.checkPublicKey?.(spki) !== false
      ? spki
      : undefined;
  };
}

/** The signature's decoder and producer for its layout, and its label in messages. */
function signatureLayout(
  name: string,
  algorithm: SignatureAlgorithm,
  encoding: SignatureEncoding,
  form: unknown,
) {
  const decode = decodePlain(encoding);
  if (form === undefined || form === 'p1363')
    return { label: encoding, decode, toSend: (raw: Uint8Array) => raw };
  const size = ECDSA_SIZE[algorithm];
  if (form !== 'der' || size === undefined) {
    throw new TypeError(
      `[hookguard] ${name}: signatureForm must be 'p1363' or 'der', and is only for ECDSA algorithms.`,
    );
  }
  const label = `${encoding} (DER)`;
  return {
    label,
    // Converted once, here: the platform verifies P1363. Bytes that are not one strict DER
    // signature give no candidate, so the request is refused as invalid_signature.
    decode: (text: string) =>
      decode(text).flatMap((candidate) => {
        const raw = ecdsaDerToP1363(candidate.bytes, size);
        return raw === undefined ? [] : [{ bytes: raw, form: label }];
      }),
    toSend: p1363ToEcdsaDer,
  };
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
  const layout = signatureLayout(name, algorithm, encoding, options.signatureForm);
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
      publicKeyFor(algorithm, publicKeyEncoding),
    ),
    privateKey,
    replayBy: 'message',
    encodingLabel: layout.label,
    decode: layout.decode,
    encode: () => [],
    produce: (message, context) =>
      encodeDigest(layout.toSend(context.signature(message)), encoding),
  });
}
