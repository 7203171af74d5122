import {
  bitString,
  boolean,
  contextTag,
  type DerElement,
  type DerReader,
  integer,
  malformed,
  nullValue,
  objectIdentifier,
  octetString,
  parseDer,
  positiveInteger,
  TAG,
  text,
  time,
} from './der.js';
import { decodeBase64 } from './encoding.js';

/**
 * Reading public keys and X.509 certificates (RFC 5280) without node:crypto, for the
 * schemes whose key is a certificate fetched from a URL (PayPal, AWS SNS) or a raw key
 * (Discord, Telnyx).
 *
 * This reads; it does not validate. No chain, no check of the certificate's own signature,
 * key usage, name constraints or revocation, and unknown critical extensions are not
 * refused (RFC 5280 §4.2 asks that of path validation, which this is not). Whoever trusts a
 * certificate read here must have another reason to: the URL it came from, pinned by the
 * scheme. Names are returned exactly as written, so compare them exactly.
 *
 * Checked against OpenSSL's reading (node:crypto's `X509Certificate`) in
 * `test/mechanisms/der.test.ts`, fuzzing included: what this accepts, OpenSSL reads too.
 */

/** Which of the platform's algorithms a public key is for; `other` is any key it cannot use. */
export type KeyAlgorithm = 'rsa' | 'ec-p256' | 'ed25519' | 'other';

/** What hookguard needs from a certificate. */
export interface ParsedCertificate {
  /** The SubjectPublicKeyInfo, exactly as the certificate encodes it (a copy). */
  readonly spki: Uint8Array;
  readonly keyAlgorithm: KeyAlgorithm;
  /** Validity, in milliseconds since the epoch. */
  readonly notBefore: number;
  readonly notAfter: number;
  /**
   * The subject's commonName, if it has exactly one, in a type read here (UTF8String,
   * PrintableString, IA5String); undefined for none, several, or another string type.
   */
  readonly subjectCommonName: string | undefined;
  /** The subjectAltName extension's dNSNames, in order, as written (not validated as names). */
  readonly subjectAltDnsNames: readonly string[];
}

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  ed25519: '1.3.101.112',
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
} as const;

/** RFC 8410 §4: the SPKI of an Ed25519 key is this fixed prefix, then the 32-byte key. */
const ED25519_SPKI_PREFIX = new Uint8Array([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);
const ED25519_KEY_LENGTH = 32;

/** An uncompressed P-256 point: 0x04, then x and y of 32 bytes each (SEC 1 §2.3.3). */
const P256_POINT_LENGTH = 65;
/** A compressed one: 0x02 or 0x03 (the parity of y), then x. */
const P256_COMPRESSED_LENGTH = 33;

/** `dNSName [2] IA5String` in GeneralName (RFC 5280 §4.2.1.6). */
const DNS_NAME = contextTag(2, false);

const WHITESPACE = /[\t\n\v\f\r ]/g;

interface AlgorithmIdentifier {
  readonly algorithm: string;
  readonly parameters: DerElement | undefined;
  readonly encoded: Uint8Array;
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
function readAlgorithmIdentifier(reader: DerReader): AlgorithmIdentifier {
  const element = reader.expect(TAG.SEQUENCE);
  const fields = reader.inside(element.contents);
  const algorithm = objectIdentifier(fields.next());
  const parameters = fields.atEnd ? undefined : fields.next();
  fields.end();
  if (parameters !== undefined) checkPrimitive(parameters);
  return { algorithm, parameters, encoded: element.encoded };
}

/**
 * Parameters of an algorithm hookguard does not know are read as they come, but a value of
 * a simple universal type must still be valid in it (as OpenSSL requires).
 */
function checkPrimitive(value: DerElement): void {
  switch (value.tag) {
    case TAG.NULL:
      nullValue(value);
      break;
    case TAG.OBJECT_IDENTIFIER:
      objectIdentifier(value);
      break;
    case TAG.INTEGER:
      integer(value);
      break;
    case TAG.BOOLEAN:
      boolean(value);
      break;
  }
}

/** Which algorithm a well-formed key is for; malformed for a known algorithm's bad key. */
function keyAlgorithmOf(
  reader: DerReader,
  { algorithm, parameters }: AlgorithmIdentifier,
  key: Uint8Array,
): KeyAlgorithm {
  switch (algorithm) {
    case OID.rsaEncryption: {
      // RFC 3279 §2.3.1: parameters are NULL (Go refuses them missing too), and the key is
      // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
      if (parameters === undefined) malformed();
      nullValue(parameters);
      const rsaKey = reader.inside(key).sequence();
      // Both positive, as Go's crypto/x509 requires.
      positiveInteger(rsaKey.next());
      positiveInteger(rsaKey.next());
      rsaKey.end();
      return 'rsa';
    }
    case OID.ecPublicKey: {
      // RFC 5480 §2.1.1: the parameters name the curve; implicit and specified curves must
      // not be used (Go refuses them too).
      if (parameters === undefined) malformed();
      if (objectIdentifier(parameters) !== OID.prime256v1) return 'other';
      if (key.length === P256_POINT_LENGTH && key[0] === 0x04) return 'ec-p256';
      // A compressed point is a valid key, but Web Crypto does not import it everywhere.
      if (key.length === P256_COMPRESSED_LENGTH && (key[0] === 0x02 || key[0] === 0x03))
        return 'other';
      return malformed();
    }
    case OID.ed25519:
      // RFC 8410 §3: no parameters; the key is the 32 bytes of RFC 8032 §5.1.5.
      if (parameters !== undefined || key.length !== ED25519_KEY_LENGTH) malformed();
      return 'ed25519';
    default:
      return 'other';
  }
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } */
function readSpki(reader: DerReader): { encoded: Uint8Array; algorithm: KeyAlgorithm } {
  const element = reader.expect(TAG.SEQUENCE);
  const fields = reader.inside(element.contents);
  const algorithm = readAlgorithmIdentifier(fields);
  const key = bitString(fields.next());
  fields.end();
  if (key.unusedBits !== 0) malformed();
  return {
    encoded: element.encoded,
    algorithm: keyAlgorithmOf(fields, algorithm, key.bytes),
  };
}

/**
 * Which algorithm a SubjectPublicKeyInfo (DER) is for: `other` for a well-formed key of an
 * algorithm the platform does not verify with (P-384, RSA-PSS, X25519, a compressed P-256
 * point), undefined when the bytes are not exactly one well-formed SPKI.
 *
 * @example
 * if (spkiAlgorithm(key) !== 'ec-p256') throw new TypeError('[hookguard] ... not a P-256 key');
 */
export function spkiAlgorithm(spki: Uint8Array): KeyAlgorithm | undefined {
  return parseDer(spki, (reader) => readSpki(reader).algorithm);
}

/**
 * The SPKI DER of a raw 32-byte Ed25519 public key (as Discord and Telnyx show it), which is
 * what the platform verifies with. Throws a `TypeError` for any other length.
 *
 * @example
 * const spki = spkiFromRawEd25519(decodeHex(discordPublicKey));
 */
export function spkiFromRawEd25519(raw: Uint8Array): Uint8Array {
  if (raw.length !== ED25519_KEY_LENGTH)
    throw new TypeError(
      `[hookguard] An Ed25519 public key is ${ED25519_KEY_LENGTH} bytes; this one is ${raw.length}.`,
    );
  const spki = new Uint8Array(ED25519_SPKI_PREFIX.length + ED25519_KEY_LENGTH);
  spki.set(ED25519_SPKI_PREFIX);
  spki.set(raw, ED25519_SPKI_PREFIX.length);
  return spki;
}

/** The string types read as text here; every name attribute in them must be valid. */
const TEXT_TAGS: ReadonlySet<number> = new Set([
  TAG.UTF8_STRING,
  TAG.PRINTABLE_STRING,
  TAG.IA5_STRING,
]);

const NUMERIC_STRING = 0x12;
const TELETEX_STRING = 0x14;
const BMP_STRING = 0x1e;

/**
 * Whether a name attribute's value is a string of a type Go's crypto/x509 accepts
 * (`parseASN1String`), valid for its type. NumericString, TeletexString and BMPString are
 * checked as Go checks them but not decoded: old certificates use them, and hookguard reads
 * no name in them.
 */
function isNameString(value: DerElement): boolean {
  switch (value.tag) {
    case NUMERIC_STRING:
      return value.contents.every((byte) => (byte >= 0x30 && byte <= 0x39) || byte === 0x20);
    case TELETEX_STRING:
      return true;
    case BMP_STRING:
      return value.contents.length % 2 === 0;
    default:
      return TEXT_TAGS.has(value.tag);
  }
}

/**
 * Name ::= SEQUENCE OF SET SIZE (1..MAX) OF SEQUENCE { type OID, value ANY }. Every value
 * must be a string, valid in its type (as Go and OpenSSL require). Returns the commonName
 * when there is exactly one, in a type read here: several would leave the choice to
 * whoever reads the name, and a hostname check must not depend on that.
 */
function readName(reader: DerReader): string | undefined {
  const name = reader.sequence();
  const commonNames: (string | undefined)[] = [];
  while (!name.atEnd) {
    const rdn = name.inside(name.expect(TAG.SET).contents);
    if (rdn.atEnd) malformed();
    while (!rdn.atEnd) {
      const attribute = rdn.sequence();
      const type = objectIdentifier(attribute.next());
      const value = attribute.next();
      attribute.end();
      if (!isNameString(value)) malformed();
      const read = TEXT_TAGS.has(value.tag) ? text(value) : undefined;
      if (type === OID.commonName) commonNames.push(read);
    }
  }
  return commonNames.length === 1 ? commonNames[0] : undefined;
}

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName; only the dNSNames are kept. */
function readAltDnsNames(reader: DerReader): string[] {
  const names = reader.sequence();
  reader.end();
  if (names.atEnd) malformed();
  const dnsNames: string[] = [];
  while (!names.atEnd) {
    const name = names.next();
    if (name.tag === DNS_NAME) dnsNames.push(text(name, TAG.IA5_STRING));
  }
  return dnsNames;
}

/** Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension; returns the SAN's dNSNames. */
function readExtensions(reader: DerReader): string[] {
  const extensions = reader.sequence();
  reader.end();
  if (extensions.atEnd) malformed();
  const seen = new Set<string>();
  let dnsNames: string[] = [];
  while (!extensions.atEnd) {
    const extension = extensions.sequence();
    const id = objectIdentifier(extension.next());
    const critical = extension.optional(TAG.BOOLEAN);
    if (critical !== undefined) boolean(critical);
    const value = octetString(extension.next());
    extension.end();
    // RFC 5280 §4.2: a certificate must not include more than one instance of an extension.
    if (seen.has(id)) malformed();
    seen.add(id);
    if (id === OID.subjectAltName) dnsNames = readAltDnsNames(extension.inside(value));
  }
  return dnsNames;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function readCertificate(reader: DerReader): ParsedCertificate {
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
  const certificate = reader.sequence();
  const tbs = certificate.sequence();
  const signatureAlgorithm = readAlgorithmIdentifier(certificate);
  bitString(certificate.next()); // signatureValue
  certificate.end();

  // version [0] EXPLICIT Version DEFAULT v1: only v3 (2) is read here.
  const version = tbs.inside(tbs.expect(contextTag(0, true)).contents);
  const versionNumber = integer(version.next());
  version.end();
  if (versionNumber.length !== 1 || versionNumber[0] !== 2) malformed();
  integer(tbs.next()); // serialNumber
  // signature: RFC 5280 §4.1.1.2 requires the same algorithm as signatureAlgorithm.
  const signature = readAlgorithmIdentifier(tbs);
  if (!sameBytes(signature.encoded, signatureAlgorithm.encoded)) malformed();
  readName(tbs); // issuer
  const validity = tbs.sequence();
  const notBefore = time(validity.next());
  const notAfter = time(validity.next());
  validity.end();
  const subjectCommonName = readName(tbs);
  const spki = readSpki(tbs);
  // issuerUniqueID [1] and subjectUniqueID [2], IMPLICIT BIT STRINGs, then extensions [3].
  for (const number of [1, 2]) {
    const uniqueId = tbs.optional(contextTag(number, false));
    if (uniqueId !== undefined) bitString(uniqueId, contextTag(number, false));
  }
  const extensions = tbs.optional(contextTag(3, true));
  const subjectAltDnsNames =
    extensions === undefined ? [] : readExtensions(tbs.inside(extensions.contents));
  tbs.end();

  return {
    // A copy by construction: on Node the input is often a Buffer, whose slice() is a view.
    spki: new Uint8Array(spki.encoded),
    keyAlgorithm: spki.algorithm,
    notBefore,
    notAfter,
    subjectCommonName,
    subjectAltDnsNames,
  };
}

/**
 * Reads an X.509 v3 certificate (DER): its public key, validity and subject names.
 * Undefined unless the bytes are exactly one well-formed v3 certificate (strict DER, and
 * the checks RFC 5280 makes of the structure: matching signature algorithms, no repeated
 * extension). Nothing is trusted by reading: see the note at the top of this file.
 *
 * @example
 * const [leaf] = pemBlocks(pem, 'CERTIFICATE');
 * const certificate = leaf === undefined ? undefined : parseCertificate(leaf);
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate | undefined {
  return parseDer(der, readCertificate);
}

/**
 * The DER bytes of every `-----BEGIN <label>-----` block in the text, in order (RFC 7468).
 * Text around and between blocks is ignored, as are blocks with other labels; whitespace
 * inside a block is removed and the rest must be canonical base64 (`decodeBase64`).
 *
 * All or nothing: if any block with this label is malformed (no END line, a header such as
 * `Proc-Type:`, bad base64, empty), the answer is `[]`. Skipping a bad block would shift
 * the ones after it, and a certificate's position in a chain (leaf first) means something.
 *
 * @example
 * const certificates = pemBlocks(await response.text(), 'CERTIFICATE');
 */
export function pemBlocks(text: string, label: string): Uint8Array[] {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const blocks: Uint8Array[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(begin, from);
    if (start === -1) return blocks;
    const bodyStart = start + begin.length;
    const stop = text.indexOf(end, bodyStart);
    if (stop === -1) return [];
    const bytes = decodeBase64(text.slice(bodyStart, stop).replace(WHITESPACE, ''));
    if (bytes === undefined || bytes.length === 0) return [];
    blocks.push(bytes);
    // The END line holds no BEGIN line: the next one is looked for from where it starts.
    from = stop;
  }
}
