// Controls, format characters (zero-width joiners, BOM…), line/paragraph separators and
// every space but U+0020: the characters that make two strings look the same but differ.
const INVISIBLE = /[\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu;
const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * The text with every invisible character written as an escape (`\n`, `\t`, `\u{feff}`),
 * and backslashes doubled, so that what is shown is unambiguous.
 */
export function visible(text: string): string {
  return text.replace(
    INVISIBLE,
    (char) =>
      NAMED[char] ?? `\\u{${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}}`,
  );
}
