import type { ProviderEntry } from '../providers.js';

/** What a secret is replaced with wherever it would appear. */
export const HIDDEN_SECRET = '‹hidden: a configured secret›';

/**
 * Headers that carry credentials by name: shown by length only, whatever the provider. A
 * shared token (Telegram's, GitLab's), Basic credentials, Asana's `X-Hook-Secret`.
 */
const CREDENTIAL_HEADER = /authorization|cookie|secret|token|passw|api-?key|credential/i;

/**
 * Headers shown even for a provider whose signature is itself a secret (Flutterwave's
 * `verif-hash`, PhonePe's `Authorization`): where that secret travels is the provider's
 * business, so every other header is hidden for it.
 */
const PLAIN_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'content-length',
  'content-type',
  'date',
  'host',
  'user-agent',
]);

/** `hidden (27 characters)`: enough to see that a value came, and how long it was. */
export function hiddenValue(value: string): string {
  return `hidden (${value.length} characters)`;
}

/**
 * Every form a configured secret may be found in as text: the value, each item of a list
 * (`new,old` while rotating), and the secret of a key ring entry (`k1:secret`); the password
 * of a URL setting that carries credentials (Twilio signs them). Longest first, so a longer
 * one is replaced before a part of it.
 */
export function secretFragments(
  entry: Pick<ProviderEntry, 'inputs'>,
  values: Readonly<Record<string, string>>,
): string[] {
  const fragments = new Set<string>();
  for (const input of entry.inputs) {
    const value = values[input.option];
    if (value === undefined || value === '') continue;
    if (input.secret) {
      fragments.add(value);
      for (const item of value.split(',')) {
        const trimmed = item.trim();
        fragments.add(trimmed);
        const colon = trimmed.indexOf(':');
        if (colon !== -1) fragments.add(trimmed.slice(colon + 1));
      }
      continue;
    }
    const password = urlPassword(value);
    if (password !== undefined) {
      fragments.add(password);
      fragments.add(decodeURIComponent(password));
    }
  }
  fragments.delete('');
  return [...fragments].sort((a, b) => b.length - a.length);
}

function urlPassword(value: string): string | undefined {
  try {
    const { password } = new URL(value);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/**
 * Keeps every secret out of what `listen` shows and writes (the page, the event stream, the
 * JSON API, the JSONL file, the terminal). Three layers, each enough on its own for the
 * case it covers: a configured secret's text is replaced wherever it appears; headers that
 * carry credentials by name are shown by length; and for a provider whose signature is the
 * secret (or stands for it), every header but the plain ones is.
 */
export class Redactor {
  readonly #fragments: readonly string[];

  constructor(fragments: Iterable<string>) {
    this.#fragments = [...new Set(fragments)]
      .filter((fragment) => fragment !== '')
      .sort((a, b) => b.length - a.length);
  }

  /** The text with every configured secret replaced. */
  text(value: string): string {
    let result = value;
    for (const fragment of this.#fragments) {
      if (result.includes(fragment)) result = result.replaceAll(fragment, HIDDEN_SECRET);
    }
    return result;
  }

  /**
   * Headers as `[name, value]` pairs in the order received (repeats kept), credentials
   * hidden; with `signatureIsSecret`, every header but the plain ones.
   */
  headers(rawHeaders: readonly string[], signatureIsSecret: boolean): [string, string][] {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i] as string;
      const value = rawHeaders[i + 1] as string;
      const lower = name.toLowerCase();
      const hide =
        CREDENTIAL_HEADER.test(lower) || (signatureIsSecret && !PLAIN_HEADERS.has(lower));
      pairs.push([name, hide ? hiddenValue(value) : this.text(value)]);
    }
    return pairs;
  }

  /** A copy of a JSON value with every string passed through {@link Redactor.text}. */
  deep<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.deep(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.deep(item)]),
      ) as T;
    }
    return value;
  }
}
