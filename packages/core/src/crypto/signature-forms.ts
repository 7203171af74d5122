import type { DecodedSignature, EncodedForm } from '../scheme.js';
import { decodeDigest, encodeDigest, type SignatureEncoding } from './encoding.js';
import { algorithmLabel, type HmacAlgorithm } from './hmac.js';

/** Decodes a signature sent in one plain encoding. */
export function decodePlain(encoding: SignatureEncoding): (text: string) => DecodedSignature[] {
  return (text) => {
    const bytes = decodeDigest(text, encoding);
    return bytes === undefined ? [] : [{ bytes, form: encoding }];
  };
}

/** The explain steps for a digest sent in one plain encoding. */
export function encodePlain(
  encoding: SignatureEncoding,
  algorithm: HmacAlgorithm,
): (digest: Uint8Array) => EncodedForm[] {
  return (digest) => [
    {
      form: encoding,
      steps: [
        { label: `${algorithmLabel(algorithm)} digest (hex)`, value: encodeDigest(digest, 'hex') },
        { label: encoding, value: encodeDigest(digest, encoding) },
      ],
    },
  ];
}
