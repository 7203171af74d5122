import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What the example tests take from a wrangler.toml. */
export interface WranglerConfig {
  readonly name: string;
  /** The entry, resolved against the file's folder, as wrangler resolves it. */
  readonly main: string;
  readonly compatibilityDate: string;
  readonly compatibilityFlags: readonly string[];
}

const STRING = /^"([^"\\]*)"$/;
const STRING_ARRAY = /^\[\s*((?:"[^"\\]*"\s*,?\s*)*)\]$/;
const KNOWN_KEYS = ['name', 'main', 'compatibility_date', 'compatibility_flags'];

/**
 * Reads the top-level keys of a wrangler.toml that the examples use: strings and arrays of
 * strings, with `#` comments. Anything else (a table such as `[vars]`, another key, another
 * value type) throws, so the test never runs a Worker with a setting it silently dropped.
 */
export function readWranglerToml(path: string): WranglerConfig {
  const values = new Map<string, string | string[]>();
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line === '' || line.startsWith('#')) return;
      const match = /^([A-Za-z_]+)\s*=\s*(.+)$/.exec(line);
      const key = match?.[1];
      const value = match?.[2] ?? '';
      const string = STRING.exec(value);
      const array = STRING_ARRAY.exec(value);
      if (key === undefined || !KNOWN_KEYS.includes(key) || (!string && !array)) {
        throw new Error(`${path}:${index + 1}: the example tests cannot read "${raw.trim()}"`);
      }
      values.set(
        key,
        string
          ? (string[1] as string)
          : [...(array?.[1] ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1] as string),
      );
    });
  const text = (key: string) => {
    const value = values.get(key);
    if (typeof value !== 'string') throw new Error(`${path}: ${key} must be set to a string`);
    return value;
  };
  const flags = values.get('compatibility_flags') ?? [];
  return {
    name: text('name'),
    main: resolve(dirname(path), text('main')),
    compatibilityDate: text('compatibility_date'),
    compatibilityFlags: Array.isArray(flags) ? flags : [flags],
  };
}
