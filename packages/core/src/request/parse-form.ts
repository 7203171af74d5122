/**
 * `application/x-www-form-urlencoded` parsing with the WHATWG URL Standard's semantics
 * (what `URLSearchParams` does): `&` separates, the first `=` splits name from value,
 * `+` is a space, `%XX` is a byte, an invalid `%` sequence stays as it is, and the bytes
 * decode as UTF-8 with U+FFFD for invalid sequences.
 *
 * Written out rather than delegated to `URLSearchParams` so that it works on the raw
 * bytes and stops at a field limit before allocating for a hostile body with a million
 * `&`s.
 */

import { platform } from '#platform';

const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** One decoded `name=value` pair, in the order received. */
export type FormEntry = readonly [name: string, value: string];

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Bodies up to this size are read once as `latin1` and each plain field sliced from it. A
 * slice may keep its whole body string alive, so a larger body is read field by field.
 */
const SLICED_BODY = 4096;

/**
 * One name or value. `latin1`, for a small body, is the whole body read one byte per
 * character, made once per form: a plain ASCII component (no `+`, no `%`, the common case)
 * is a slice of it, which costs less than a decoder call per field (a form of twenty
 * small fields was mostly such calls).
 */
function decodeComponent(
  bytes: Uint8Array,
  latin1: string | undefined,
  start: number,
  end: number,
): string {
  let plain = true;
  let ascii = true;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte === PLUS || byte === PERCENT) {
      plain = false;
      break;
    }
    if (byte >= 0x80) ascii = false;
  }
  if (plain) {
    if (!ascii) return utf8.decode(bytes.subarray(start, end));
    return latin1 === undefined ? platform.latin1(bytes, start, end) : latin1.slice(start, end);
  }
  const out = new Uint8Array(end - start);
  let length = 0;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte === PLUS) {
      out[length++] = SPACE;
    } else if (byte === PERCENT && i + 2 < end) {
      const high = hexValue(bytes[i + 1] as number);
      const low = hexValue(bytes[i + 2] as number);
      if (high >= 0 && low >= 0) {
        out[length++] = (high << 4) | low;
        i += 2;
      } else {
        out[length++] = byte;
      }
    } else {
      out[length++] = byte;
    }
  }
  return utf8.decode(out.subarray(0, length));
}

/** Raised when a body holds more fields than the caller allows. */
export class TooManyFieldsError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} form fields`);
  }
}

/**
 * Parses a form body into its entries, keeping repeated names. Throws
 * {@link TooManyFieldsError} past `maxFields` entries.
 */
export function parseForm(bytes: Uint8Array, maxFields = Number.POSITIVE_INFINITY): FormEntry[] {
  const entries: FormEntry[] = [];
  const latin1 = bytes.length <= SLICED_BODY ? platform.latin1(bytes, 0, bytes.length) : undefined;
  let start = 0;
  while (start < bytes.length) {
    // A string search, where there is the string, stays in JavaScript: Buffer#indexOf
    // crosses into C++ for each field.
    let end = latin1 === undefined ? bytes.indexOf(AMPERSAND, start) : latin1.indexOf('&', start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      if (entries.length >= maxFields) throw new TooManyFieldsError(maxFields);
      // Search only this field (a whole-body search would make `a&a&a…` quadratic), in a
      // loop: names are short, and a subarray per field to call indexOf on costs more.
      let equals = start;
      while (equals < end && bytes[equals] !== EQUALS) equals++;
      const name = decodeComponent(bytes, latin1, start, equals);
      const value = equals < end ? decodeComponent(bytes, latin1, equals + 1, end) : '';
      entries.push([name, value]);
    }
    start = end + 1;
  }
  return entries;
}
