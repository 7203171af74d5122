import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByName } from '../../src/request/form-order.js';
import { compactJson, parseForm } from '../support/parsing-fixtures.js';

// The body parsers: forms (as the WHATWG URL Standard and URLSearchParams read them, decoded
// as UTF-8) and Ethoca's JSON whitespace compaction. JSON payloads are read with JSON.parse.

const forms = [
  'a=1&b=2',
  'a=1&a=2',
  'a+b=c+d',
  'a%2Bb=%2B',
  'empty=&=novalue&flag',
  '&&a=1&&',
  'bad=%zz%4&trail=%',
  'utf=%C3%A9%E2%82%AC',
  'invalid=%FF%FE',
  'bom=%EF%BB%BFx',
  'eq=a=b=c',
  '__proto__=x&constructor=y&toString=z',
  '',
  '=',
  'a%3Db=c',
];

describe('parseForm', () => {
  it.each(forms)('agrees with URLSearchParams on %j', (text) => {
    expect(parseForm(Buffer.from(text))).toEqual([...new URLSearchParams(text)]);
  });

  it('decodes raw non-ASCII bytes as UTF-8, like URLSearchParams', () => {
    const bytes = Buffer.from('k=é€&x=\u00ff', 'utf8');
    expect(parseForm(bytes)).toEqual([...new URLSearchParams(bytes.toString('utf8'))]);
  });

  it('reads a plain Uint8Array view the same as a Buffer, from its own offset', () => {
    const backing = Buffer.from('xxxxa=%C3%A9&b=c+d&e=é');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.length - 4);
    expect(parseForm(view)).toEqual([
      ['a', 'é'],
      ['b', 'c d'],
      ['e', 'é'],
    ]);
  });

  it('decodes invalid UTF-8 in a plain field (no escapes) with U+FFFD, as the standard says', () => {
    expect(parseForm(Buffer.from([0x61, 0x3d, 0xc3, 0x28, 0xff]))).toEqual([
      ['a', '\ufffd(\ufffd'],
    ]);
  });

  it('parses a million separators, and many fields, without a quadratic scan', () => {
    // Counted, not timed: every search for a field's end goes through indexOf (the body's
    // own over 4 KiB, its Latin-1 string's below), which these wrap to add up the bytes
    // each search looks at.
    const counted = (body: Buffer) => {
      const scan = { bytes: 0 };
      const indexOf = body.indexOf.bind(body) as (value: number, from: number) => number;
      const counting = (value: number, from = 0) => {
        const found = indexOf(value, from);
        scan.bytes += (found === -1 ? body.length : found + 1) - from;
        return found;
      };
      body.indexOf = counting as unknown as typeof body.indexOf;
      return scan;
    };
    const countingStringSearches = (parse: () => unknown) => {
      const scan = { bytes: 0 };
      const indexOf = String.prototype.indexOf;
      String.prototype.indexOf = function (this: string, search: string, from = 0) {
        const found = indexOf.call(this, search, from);
        if (search === '&') scan.bytes += (found === -1 ? this.length : found + 1) - from;
        return found;
      };
      try {
        parse();
      } finally {
        String.prototype.indexOf = indexOf;
      }
      return scan;
    };
    const separators = Buffer.alloc(1024 * 1024, '&');
    const separatorScan = counted(separators);
    expect(parseForm(separators, 1000)).toEqual([]);
    expect(separatorScan.bytes).toBeGreaterThan(0);
    expect(separatorScan.bytes).toBeLessThanOrEqual(separators.length);
    // Each field's `&` search starts where the last one ended. (The `=` search is a loop
    // that stops at the field's end, so it cannot run past it either.)
    const fields = Buffer.from('a&'.repeat(3000));
    const fieldScan = counted(fields);
    expect(parseForm(fields, 3000)).toHaveLength(3000);
    expect(fieldScan.bytes).toBeGreaterThan(0);
    expect(fieldScan.bytes).toBeLessThanOrEqual(fields.length);
    const small = Buffer.from('a&'.repeat(2000));
    const smallScan = countingStringSearches(() =>
      expect(parseForm(small, 2000)).toHaveLength(2000),
    );
    expect(smallScan.bytes).toBeGreaterThan(0);
    expect(smallScan.bytes).toBeLessThanOrEqual(small.length);
  });

  it('decodes only real hex digits in escapes, at the edges of each range', () => {
    for (const text of [
      '%/0',
      '%:0',
      '%@0',
      '%G0',
      '%`0',
      '%g0',
      '%0/',
      '%0:',
      '%0G',
      '%0g',
      '%09',
      '%af',
      '%AF',
    ]) {
      expect(parseForm(Buffer.from(text)), text).toEqual([...new URLSearchParams(`&${text}`)]);
    }
  });

  it('decodes it as UTF-8 (U+FFFD), as the WHATWG form parser does, not as Latin-1', () => {
    const body = Buffer.from([0x61, 0x3d, 0x80]);
    expect(parseForm(body)).toEqual([['a', '\uFFFD']]);
  });
});

describe('compactJson', () => {
  const cases: [string, string][] = [
    ['{ "a" : 1 }', '{"a":1}'],
    ['{\n\t"a":\r\n [1, 2.50, 1e3]\n}', '{"a":[1,2.50,1e3]}'],
    ['{"text":"Test Issuer  with\\ttab"}', '{"text":"Test Issuer  with\\ttab"}'],
    ['{"q":"a \\" b", "c" : 1}', '{"q":"a \\" b","c":1}'],
    ['{"bs":"\\\\", "next" : " x "}', '{"bs":"\\\\","next":" x "}'],
    ['{"u":"\\u00e9 é"}', '{"u":"\\u00e9 é"}'],
    ['  ', ''],
    ['"unterminated  string', '"unterminated  string'],
  ];
  it.each(cases)('compacts %j to %j', (input, output) => {
    expect(Buffer.from(compactJson(Buffer.from(input))).toString()).toBe(output);
  });

  it('leaves a non-breaking space outside strings alone (it is not JSON whitespace)', () => {
    expect(Buffer.from(compactJson(Buffer.from('{\u00a0}'))).toString()).toBe('{\u00a0}');
  });

  it('keeps a trailing backslash inside an unterminated string', () => {
    expect(Buffer.from(compactJson(Buffer.from('{"a":"x\\'))).toString()).toBe('{"a":"x\\');
    expect(Buffer.from(compactJson(Buffer.from('"\\'))).toString()).toBe('"\\');
  });
});

describe('sortByName', () => {
  // Few names and values recur often, so names repeat and their values are ordered too.
  const entry = fc.tuple(
    fc.oneof(fc.constantFrom('', 'a', 'A', '_', 'é'), fc.string({ unit: 'binary', maxLength: 6 })),
    fc.oneof(fc.constantFrom('', 'x', 'X'), fc.string({ unit: 'binary', maxLength: 4 })),
  );

  it('orders entries by name, then by value, in code units (both paths)', () => {
    const codeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    fc.assert(
      fc.property(
        // Both paths: a plain insertion up to 32 entries, Array#sort above.
        fc.oneof(
          fc.array(entry, { maxLength: 32 }),
          fc.array(entry, { minLength: 33, maxLength: 80 }),
        ),
        (entries) => {
          const expected = [...entries].sort(
            ([aName, aValue], [bName, bValue]) =>
              codeUnits(aName, bName) || codeUnits(aValue, bValue),
          );
          expect(sortByName([...entries])).toEqual(expected);
        },
      ),
    );
  });

  it('sorts uppercase before _ before lowercase, never by locale', () => {
    const names = ['cf_b', 'cf_B', 'cf__', 'cf_a', 'cf_A', 'cf_é', 'cf_e'];
    expect(sortByName(names.map((name) => [name, ''] as const)).map(([name]) => name)).toEqual([
      'cf_A',
      'cf_B',
      'cf__',
      'cf_a',
      'cf_b',
      'cf_e',
      'cf_é',
    ]);
  });
});
