const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isJsonWhitespace(byte: number): boolean {
  // The four insignificant-whitespace bytes of RFC 8259 §2: space, tab, LF, CR.
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * Ethoca's "BodyWithoutWhitespace": the raw JSON with whitespace outside string literals
 * removed and every other byte kept exactly ("Test Issuer" keeps its space, `1.0` stays
 * `1.0`, `\u00e9` stays escaped). A one-pass tokenizer over the bytes, because
 * `JSON.stringify(JSON.parse(body))` would rewrite numbers and escapes and break the
 * signature. The input need not be valid JSON: the bytes are what was signed.
 */
export function compactJson(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length);
  let length = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] as number;
    if (inString) {
      out[length++] = byte;
      if (byte === BACKSLASH && i + 1 < body.length) {
        // An escaped character, `\"` included, never ends the string.
        out[length++] = body[++i] as number;
      } else if (byte === QUOTE) {
        inString = false;
      }
    } else if (!isJsonWhitespace(byte)) {
      out[length++] = byte;
      if (byte === QUOTE) inString = true;
    }
  }
  return out.subarray(0, length);
}
