import { platform } from '#platform';
import { WebhookVerificationError } from '../errors.js';
import { MAX_FORM_FIELDS } from '../limits.js';
import { sortByName } from './form-order.js';
import type { WebhookHeaders } from './headers.js';
import { type FormEntry, parseForm } from './parse-form.js';

/** What a webhook request looks like to the core: the raw bytes, never a parsed body. */
export interface WebhookRequest {
  /** The HTTP method, such as `POST`. */
  readonly method: string;
  /** The path and query string exactly as received (`req.originalUrl` in Express). */
  readonly url: string;
  /** Lowercased header names; a repeated header as a list (see `headersFromRaw`). */
  readonly headers: WebhookHeaders;
  /** The raw body: the exact bytes received, or a string holding exactly them. */
  readonly body: Uint8Array | string;
}

/** Validates and decodes in one pass; a BOM is kept, so `json()` can refuse it. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const EMPTY = new Uint8Array(0);

function toBytes(body: unknown, provider: string): Uint8Array {
  if (typeof body === 'string') return platform.utf8(body);
  // A Node Buffer is a Uint8Array: taken as it is, no copy.
  if (body instanceof Uint8Array) return body;
  if (body === undefined || body === null) return EMPTY;
  throw new WebhookVerificationError(
    'body_already_parsed',
    'the request body is an object, not the raw bytes: a body parser (such as express.json()) ran before the verifier. Pass the raw body (a Buffer or string) to verify.',
    { provider },
  );
}

/** Form fields, in order, with the checks every form scheme needs. */
export class FormFields {
  /**
   * Each name's first value; a name seen again goes in `repeated` (rare, so no lists). Built
   * on first use: a scheme that reads `entries` itself (Twilio groups repeats its own way)
   * never pays for them.
   */
  private first: Map<string, string> | undefined;
  private repeated: Set<string> | undefined;

  constructor(
    readonly entries: readonly FormEntry[],
    private readonly provider: string,
  ) {}

  private firstValues(): Map<string, string> {
    if (this.first !== undefined) return this.first;
    const first = new Map<string, string>();
    for (const [name, value] of this.entries) {
      if (!first.has(name)) {
        first.set(name, value);
        continue;
      }
      this.repeated ??= new Set();
      this.repeated.add(name);
    }
    this.first = first;
    return first;
  }

  /** Each distinct field name, in order of first appearance. */
  names(): string[] {
    return [...this.firstValues().keys()];
  }

  /**
   * The value of a field that must appear at most once. A repeat is ambiguous (PHP keeps
   * the last, Java the first), so it is `malformed_request`, never "take the first". Before
   * the fields are indexed this is one pass over them: a scheme that reads one field (the
   * signature) and picks the rest with {@link pick} never indexes them.
   */
  single(name: string): string | undefined {
    if (this.first !== undefined) return this.value(name);
    let found: string | undefined;
    for (const [field, value] of this.entries) {
      if (field !== name) continue;
      if (found !== undefined) throw repeated(name, this.provider);
      found = value;
    }
    return found;
  }

  private value(name: string): string | undefined {
    const first = this.firstValues();
    if (this.repeated?.has(name) === true) throw repeated(name, this.provider);
    return first.get(name);
  }

  /** The named fields that are present, each at most once (a repeat is `malformed_request`). */
  singles(names: Iterable<string>): Map<string, string> {
    const values = new Map<string, string>();
    for (const name of names) {
      const value = this.value(name);
      if (value !== undefined) values.set(name, value);
    }
    return values;
  }

  /** The named fields as a null-prototype object: a `__proto__` key stays a plain key. */
  toObject(names: Iterable<string>): Record<string, string> {
    const object: Record<string, string> = Object.create(null);
    for (const name of names) {
      const value = this.value(name);
      if (value !== undefined) object[name] = value;
    }
    return object;
  }

  /**
   * The fields whose names pass `include`, each at most once (a repeat is
   * `malformed_request`): what a scheme that signs a family of fields (Cashfree's `cf_*`)
   * needs. One pass and a sort, no index and no object: the payload object is built only
   * once the signature matched (its fresh keys cost V8 a string-table entry each).
   */
  pick(include: (name: string) => boolean): PickedFields {
    const picked: FormEntry[] = [];
    for (const entry of this.entries) if (include(entry[0])) picked.push(entry);
    const byName = sortByName(picked.slice());
    // Sorted, a repeated name sits next to itself.
    for (let i = 1; i < byName.length; i++) {
      const name = (byName[i] as FormEntry)[0];
      if (name === (byName[i - 1] as FormEntry)[0]) throw repeated(name, this.provider);
    }
    return new PickedFields(picked, byName);
  }
}

/** Form fields picked by {@link FormFields.pick}, each name present once. */
export class PickedFields {
  constructor(
    /** In the order the body has them. */
    readonly inBodyOrder: readonly FormEntry[],
    /** By name, in code-unit order (see {@link sortByName}). */
    readonly byName: readonly FormEntry[],
  ) {}

  /** A null-prototype object in body order: a `__proto__` field stays a plain key. */
  toObject(): Record<string, string> {
    const object: Record<string, string> = Object.create(null);
    for (const [name, value] of this.inBodyOrder) object[name] = value;
    return object;
  }
}

/**
 * A refusal, made out of line: the hot methods above stay small enough for the optimizing
 * compiler to inline them into the checks that call them (decision 163).
 */
function refusal(
  code: 'malformed_request' | 'missing_signature',
  message: string,
  provider: string,
): WebhookVerificationError {
  return new WebhookVerificationError(code, message, { provider });
}

function notJson(provider: string, cause: unknown): WebhookVerificationError {
  return new WebhookVerificationError('malformed_request', 'the body is not valid JSON.', {
    provider,
    cause,
  });
}

function repeated(name: string, provider: string): WebhookVerificationError {
  return new WebhookVerificationError(
    'malformed_request',
    `the signed form field ${JSON.stringify(name)} appears more than once.`,
    { provider },
  );
}

/**
 * The request as providers read it: single-valued headers, and the body as bytes, text,
 * JSON or form fields (each provider decodes the body once).
 */
export class IncomingWebhook {
  readonly method: string;
  readonly url: string;
  readonly body: Uint8Array;
  private readonly headers: WebhookHeaders;

  constructor(
    request: WebhookRequest,
    readonly provider: string,
  ) {
    if (request === null || typeof request !== 'object') {
      throw new TypeError('[hookguard] verify expects a request { method, url, headers, body }.');
    }
    // As received: methods are case-sensitive (RFC 9110 §9.1), and Ethoca signs this text.
    this.method = String(request.method ?? '');
    this.url = String(request.url ?? '');
    this.headers = request.headers ?? {};
    this.body = toBytes(request.body, provider);
  }

  /** The header's value, undefined when absent. A repeated header is `malformed_request`. */
  header(name: string): string | undefined {
    const value = this.headers[name];
    if (value === undefined || typeof value === 'string') return value;
    if (value.length === 1) return value[0];
    if (value.length === 0) return undefined;
    throw refusal(
      'malformed_request',
      `the ${name} header appears ${value.length} times; it must appear once.`,
      this.provider,
    );
  }

  /** The header's value; `missing_signature` when absent, since the signature needs it. */
  requireHeader(name: string): string {
    const value = this.header(name);
    if (value === undefined || value === '')
      throw refusal('missing_signature', `the ${name} header is missing.`, this.provider);
    return value;
  }

  /** The body as UTF-8 text; invalid UTF-8 is `malformed_request`, never replaced silently. */
  text(): string {
    try {
      return STRICT_UTF8.decode(this.body);
    } catch {
      throw refusal('malformed_request', 'the body is not valid UTF-8.', this.provider);
    }
  }

  /** The body parsed as JSON; unparseable JSON is `malformed_request`. */
  json(): unknown {
    const text = this.text();
    if (text.charCodeAt(0) === 0xfeff)
      throw refusal(
        'malformed_request',
        'the JSON body starts with a byte order mark.',
        this.provider,
      );
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw notJson(this.provider, cause);
    }
  }

  /** The body parsed as a JSON object (not an array or a scalar). */
  jsonObject(): Record<string, unknown> {
    const value = this.json();
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new WebhookVerificationError('malformed_request', 'the JSON body is not an object.', {
        provider: this.provider,
      });
    }
    return value as Record<string, unknown>;
  }

  /** The body parsed as form fields; more than `MAX_FORM_FIELDS` is `malformed_request`. */
  form(): FormFields {
    try {
      return new FormFields(parseForm(this.body, MAX_FORM_FIELDS), this.provider);
    } catch (cause) {
      // parseForm throws only TooManyFieldsError.
      throw new WebhookVerificationError(
        'malformed_request',
        `the form body has more than ${MAX_FORM_FIELDS} fields.`,
        {
          provider: this.provider,
          cause,
        },
      );
    }
  }
}
