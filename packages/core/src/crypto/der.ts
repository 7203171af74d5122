/**
 * A minimal, strict DER reader (ITU-T X.690 §8 and §10), for the few structures hookguard
 * reads: ECDSA signatures (SendGrid sends them DER-encoded), SubjectPublicKeyInfo, and X.509
 * certificates (PayPal and AWS SNS sign with a certificate fetched from a URL).
 *
 * Strict, because DER gives each value exactly one encoding and BER gives it many
 * (indefinite and non-minimal lengths, padded integers, constructed strings). A parser that
 * takes BER lets different bytes mean the same thing, which has been a source of signature
 * malleability (Bitcoin's BIP 66 made strict DER a consensus rule for this reason) and of
 * signature forgery (BERserk, CVE-2014-1568: NSS accepted a padded length in PKCS#1).
 *
 * Safe on hostile input:
 * - every read is checked against the end of the enclosing element, and a claimed length
 *   is checked against the bytes present before it is used;
 * - nothing is allocated from a claimed length: values are subarrays of the input;
 * - every element moves the cursor on by at least two bytes, so every loop ends;
 * - readers nest at most `MAX_DEPTH` deep, and nothing here recurses.
 *
 * Malformed input stops the parse (`malformed`), and `parseDer` turns that into `undefined`.
 */

/** The universal tags hookguard reads (X.680 §8.4), as DER writes their identifier octet. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/**
 * How deep readers may nest. A certificate needs seven (Certificate, TBSCertificate,
 * extensions [3], Extensions, Extension, extnValue, GeneralNames); the walk follows a fixed
 * grammar, so this bound is a second line, not the only one.
 */
const MAX_DEPTH = 8;

/** Four length octets say up to 4 GiB, far past any input hookguard reads. */
const MAX_LENGTH_OCTETS = 4;

const MS_PER_DAY = 86_400_000;

/**
 * Thrown to stop a parse at malformed input, and caught only by `parseDer`. A frozen
 * sentinel, not an Error: hostile input (a forged signature header) arrives on every
 * request, and refusing it should cost no stack trace. It carries no reason because none
 * would ever be shown: callers see `undefined`.
 */
const MALFORMED = Object.freeze({ malformed: 'DER' });

/** Stops the parse: the input is not the DER it should be. */
export function malformed(): never {
  throw MALFORMED;
}

/** One element: its identifier octet, its contents, and its whole encoding (both subarrays). */
export interface DerElement {
  readonly tag: number;
  readonly contents: Uint8Array;
  readonly encoded: Uint8Array;
}

/** A context-specific tag, `[number]`: constructed for EXPLICIT tags and constructed types. */
export function contextTag(number: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | number;
}

/** Reads the elements of one byte string in order (the whole input, or one element's contents). */
export class DerReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly depth = 0,
  ) {
    if (depth > MAX_DEPTH) malformed();
  }

  /** True when every element has been read. */
  get atEnd(): boolean {
    return this.offset === this.bytes.length;
  }

  /** The next element's identifier octet, or undefined at the end. */
  peekTag(): number | undefined {
    return this.bytes[this.offset];
  }

  /** The next element, whatever its tag. */
  next(): DerElement {
    const bytes = this.bytes;
    const start = this.offset;
    const left = bytes.length - start;
    if (left < 2) malformed();
    const tag = bytes[start] as number;
    // Tag numbers above 30 take more identifier octets; nothing hookguard reads uses them.
    if ((tag & 0x1f) === 0x1f) malformed();
    const first = bytes[start + 1] as number;
    let length = first;
    let header = 2;
    if (first >= 0x80) {
      const count = first & 0x7f;
      // 0x80 is BER's indefinite length, which DER forbids (X.690 §10.1).
      if (count === 0 || count > MAX_LENGTH_OCTETS) malformed();
      if (left < 2 + count) malformed();
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + 2 + i] as number);
      // X.690 §10.1: the fewest length octets; the long form only for 128 or more.
      if (bytes[start + 2] === 0 || length < 0x80) malformed();
      header += count;
    }
    if (length > left - header) malformed();
    const end = start + header + length;
    this.offset = end;
    return {
      tag,
      contents: bytes.subarray(start + header, end),
      encoded: bytes.subarray(start, end),
    };
  }

  /** The next element, which must have this tag. */
  expect(tag: number): DerElement {
    const element = this.next();
    if (element.tag !== tag) malformed();
    return element;
  }

  /** The next element if it has this tag (an OPTIONAL or DEFAULT field), else nothing. */
  optional(tag: number): DerElement | undefined {
    return this.peekTag() === tag ? this.next() : undefined;
  }

  /** A reader of bytes inside the current element (its contents, or an encapsulated value). */
  inside(contents: Uint8Array): DerReader {
    return new DerReader(contents, this.depth + 1);
  }

  /** The next element, a SEQUENCE, as a reader of its fields. */
  sequence(): DerReader {
    return this.inside(this.expect(TAG.SEQUENCE).contents);
  }

  /** Refuses anything after the last expected element. */
  end(): void {
    if (!this.atEnd) malformed();
  }
}

/**
 * Runs `read` over the whole input, which must hold nothing after what `read` takes.
 * Malformed DER gives undefined; any other error (a bug) is thrown on.
 *
 * @example
 * const oid = parseDer(bytes, (reader) => objectIdentifier(reader.next()));
 */
export function parseDer<T>(bytes: Uint8Array, read: (reader: DerReader) => T): T | undefined {
  try {
    const reader = new DerReader(bytes);
    const value = read(reader);
    reader.end();
    return value;
  } catch (error) {
    if (error === MALFORMED) return undefined;
    throw error;
  }
}

function checkTag(element: DerElement, tag: number): Uint8Array {
  if (element.tag !== tag) malformed();
  return element.contents;
}

/** A BOOLEAN: DER writes TRUE as 0xff and nothing else (X.690 §11.1). */
export function boolean(element: DerElement): boolean {
  const contents = checkTag(element, TAG.BOOLEAN);
  if (contents.length !== 1 || (contents[0] !== 0x00 && contents[0] !== 0xff)) malformed();
  return contents[0] === 0xff;
}

/**
 * An INTEGER's contents (big-endian two's complement), checked to be in the fewest octets
 * (X.690 §8.3.2): no leading 0x00 before a byte below 0x80, no leading 0xff before one above.
 */
export function integer(element: DerElement): Uint8Array {
  const contents = checkTag(element, TAG.INTEGER);
  const [first, second] = contents;
  if (first === undefined) malformed();
  if (
    second !== undefined &&
    ((first === 0 && second < 0x80) || (first === 0xff && second >= 0x80))
  )
    malformed();
  return contents;
}

/** A positive INTEGER's magnitude, without its sign octet; zero and negatives are refused. */
export function positiveInteger(element: DerElement): Uint8Array {
  const contents = integer(element);
  const first = contents[0] as number;
  if (first >= 0x80) malformed();
  // Minimal encoding leaves a leading 0x00 only as the sign octet of a positive number, or
  // as the whole of zero.
  const magnitude = first === 0 ? contents.subarray(1) : contents;
  if (magnitude.length === 0) malformed();
  return magnitude;
}

/** An OCTET STRING's contents. */
export function octetString(element: DerElement): Uint8Array {
  return checkTag(element, TAG.OCTET_STRING);
}

/** A NULL (no contents). */
export function nullValue(element: DerElement): null {
  if (checkTag(element, TAG.NULL).length !== 0) malformed();
  return null;
}

/**
 * An OBJECT IDENTIFIER as dotted decimal (`1.2.840.113549.1.1.11`). Each subidentifier is
 * base-128 in the fewest octets (X.690 §8.19.2); arcs may be longer than 53 bits (UUID
 * arcs under 2.25 are 128), so they are read as BigInts.
 */
export function objectIdentifier(element: DerElement): string {
  const contents = checkTag(element, TAG.OBJECT_IDENTIFIER);
  if (contents.length === 0) malformed();
  const arcs: string[] = [];
  let value = 0n;
  let inArc = false;
  for (const byte of contents) {
    if (!inArc && byte === 0x80) malformed();
    inArc = true;
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (byte >= 0x80) continue;
    if (arcs.length > 0) arcs.push(value.toString());
    // The first subidentifier holds two arcs, 40 × X + Y, where X is 0, 1 or 2 (§8.19.4).
    else if (value < 80n) arcs.push(String(value / 40n), String(value % 40n));
    else arcs.push('2', (value - 80n).toString());
    value = 0n;
    inArc = false;
  }
  if (inArc) malformed();
  return arcs.join('.');
}

/** A BIT STRING's bits, whole bytes first; DER sets the unused trailing bits to zero (§11.2.1). */
export interface BitString {
  readonly bytes: Uint8Array;
  /** How many low bits of the last byte are not part of the string (0–7). */
  readonly unusedBits: number;
}

/** A BIT STRING, or (`tag`) an IMPLICIT one under another tag. */
export function bitString(element: DerElement, tag: number = TAG.BIT_STRING): BitString {
  const contents = checkTag(element, tag);
  const unusedBits = contents[0];
  if (unusedBits === undefined || unusedBits > 7) malformed();
  const bytes = contents.subarray(1);
  const last = bytes[bytes.length - 1];
  if (last === undefined ? unusedBits !== 0 : (last & ((1 << unusedBits) - 1)) !== 0) malformed();
  return { bytes, unusedBits };
}

/** Latin-1 text of bytes the caller checked are in a 7-bit set. */
function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/**
 * PrintableString's alphabet (X.680 §41.4), plus `*` and `&`: CAs long wrote wildcard names
 * into PrintableString, and Go's crypto/x509 (`isPrintable`) accepts the two for that reason.
 */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A UTF8String, PrintableString or IA5String as text; `tag` names the type when an IMPLICIT
 * tag hides it. Invalid UTF-8 and characters outside a type's alphabet are malformed, never
 * replaced: a name read from a certificate is compared, so it must be exactly what was
 * signed.
 */
export function text(element: DerElement, tag: number = element.tag): string {
  const contents = element.contents;
  switch (tag) {
    case TAG.UTF8_STRING:
      try {
        return utf8.decode(contents);
      } catch {
        return malformed();
      }
    case TAG.PRINTABLE_STRING: {
      const value = asciiText(contents);
      if (!PRINTABLE.test(value)) malformed();
      return value;
    }
    case TAG.IA5_STRING:
      for (const byte of contents) if (byte >= 0x80) malformed();
      return asciiText(contents);
    default:
      return malformed();
  }
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A UTCTime or GeneralizedTime as milliseconds since the epoch, in the one form RFC 5280
 * §4.1.2.5 allows: UTC (`Z`), seconds present, no fraction: `YYMMDDHHMMSSZ`, where years
 * 50–99 are 19xx and 00–49 are 20xx, or `YYYYMMDDHHMMSSZ`. RFC 5280 also asks CAs to use
 * UTCTime through 2049; that is not enforced here (Go and OpenSSL do not either).
 */
export function time(element: DerElement): number {
  const contents = element.contents;
  const utc = element.tag === TAG.UTC_TIME;
  if (!utc && element.tag !== TAG.GENERALIZED_TIME) malformed();
  const digits = utc ? 12 : 14;
  if (contents.length !== digits + 1 || contents[digits] !== 0x5a) malformed();
  for (let i = 0; i < digits; i++) {
    const byte = contents[i] as number;
    if (byte < 0x30 || byte > 0x39) malformed();
  }
  const pair = (at: number) =>
    ((contents[at] as number) - 0x30) * 10 + ((contents[at + 1] as number) - 0x30);
  let year: number;
  let at: number;
  if (utc) {
    const twoDigits = pair(0);
    year = twoDigits >= 50 ? 1900 + twoDigits : 2000 + twoDigits;
    at = 2;
  } else {
    year = pair(0) * 100 + pair(2);
    at = 4;
  }
  const month = pair(at);
  const day = pair(at + 2);
  const hour = pair(at + 4);
  const minute = pair(at + 6);
  const second = pair(at + 8);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) malformed();
  // No leap second: RFC 5280 times are "Zulu" clock readings, and 60 is refused by Go too.
  if (hour > 23 || minute > 59 || second > 59) malformed();
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
}

/**
 * One DER element of this tag around these contents (for writing, e.g. an ECDSA signature).
 *
 * @example
 * derElement(TAG.INTEGER, new Uint8Array([0x01])); // 02 01 01
 */
export function derElement(tag: number, contents: Uint8Array): Uint8Array {
  const length = contents.length;
  const lengthOctets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthOctets.unshift(rest % 256);
  const header = length < 0x80 ? [tag, length] : [tag, 0x80 | lengthOctets.length, ...lengthOctets];
  const encoded = new Uint8Array(header.length + length);
  encoded.set(header);
  encoded.set(contents, header.length);
  return encoded;
}
