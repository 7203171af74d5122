import type { MessagePart } from '../crypto/hmac.js';
import { lowercaseIfAlphanumeric } from './hmac-inputs.js';

/**
 * The message template of an `hmac()` scheme (`{timestamp}.{body}`, `{method}{url}`…):
 * parsed once when the scheme is made, rendered into the parts of the signed message for
 * each request or `sign` input.
 */

/** A JSON path: field names joined by dots (`signature.timestamp`). */
export const JSON_PATH = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/** One piece of a parsed template: literal text, or a token to fill. */
export type TemplatePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'body' | 'timestamp' | 'method' | 'url' | 'publicUrl' }
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'query'; readonly name: string; readonly lowercase: boolean }
  | { readonly kind: 'json'; readonly path: string };

const TOKEN =
  /\{(body|timestamp|method|url|publicUrl|header:[A-Za-z0-9-]+|query:[A-Za-z0-9._~[\]-]+(?:\|[a-z-]+)?|json:[A-Za-z0-9_.-]+)\}/g;
const LOWERCASE_IF_ALPHANUMERIC = 'lowercase-if-alphanumeric';

function tokenPart(token: string, scheme: string): TemplatePart {
  if (token.startsWith('header:'))
    return { kind: 'header', name: token.slice('header:'.length).toLowerCase() };
  if (token.startsWith('query:')) {
    const [name, transform] = token.slice('query:'.length).split('|') as [string, string?];
    if (transform !== undefined && transform !== LOWERCASE_IF_ALPHANUMERIC) {
      throw new TypeError(
        `[hookguard] ${scheme}: {query:${name}|${transform}} names an unknown transform; the one there is is |${LOWERCASE_IF_ALPHANUMERIC}.`,
      );
    }
    return { kind: 'query', name, lowercase: transform !== undefined };
  }
  if (token.startsWith('json:')) {
    const path = token.slice('json:'.length);
    if (!JSON_PATH.test(path))
      throw new TypeError(`[hookguard] ${scheme}: {json:${path}} is not a dot path such as a.b.`);
    return { kind: 'json', path };
  }
  return { kind: token as 'body' | 'timestamp' | 'method' | 'url' | 'publicUrl' };
}

/** The template's pieces; an unknown token, or `{timestamp}` without a timestamp, is a `TypeError`. */
export function parseTemplate(
  template: string,
  scheme: string,
  hasTimestamp: boolean,
): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    if (match.index > last)
      parts.push({ kind: 'literal', text: template.slice(last, match.index) });
    parts.push(tokenPart(match[1] as string, scheme));
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ kind: 'literal', text: template.slice(last) });
  if (
    /[{}]/.test(
      parts
        .filter((part) => part.kind === 'literal')
        .map((part) => (part as { text: string }).text)
        .join(''),
    )
  ) {
    throw new TypeError(
      `[hookguard] ${scheme}: message has an unknown {token}; use {body}, {timestamp}, {method}, {url}, {publicUrl}, {header:<name>}, {query:<name>} or {json:<path>}.`,
    );
  }
  if (!hasTimestamp && parts.some((part) => part.kind === 'timestamp')) {
    throw new TypeError(
      `[hookguard] ${scheme}: message uses {timestamp} but no timestamp location is configured.`,
    );
  }
  return parts;
}

/** The fields a template needs from a request, or from sign input. */
export interface TemplateValues {
  readonly body: string | Uint8Array;
  readonly timestamp: string | undefined;
  readonly method: string;
  readonly url: string;
  header(name: string): string;
  query(name: string): string;
  json(path: string): string;
  publicUrl(): MessagePart;
}

/** The signed message's parts, each token filled from `values`. */
export function render(template: readonly TemplatePart[], values: TemplateValues): MessagePart[] {
  return template.map((part) => {
    switch (part.kind) {
      case 'literal':
        return { label: 'literal', value: part.text };
      case 'header':
        return { label: part.name, value: values.header(part.name) };
      case 'timestamp':
        return { label: 'timestamp', value: values.timestamp as string };
      case 'query': {
        const value = values.query(part.name);
        return {
          label: `query ${part.name}`,
          value: part.lowercase ? lowercaseIfAlphanumeric(value) : value,
        };
      }
      case 'json':
        return { label: part.path, value: values.json(part.path) };
      case 'publicUrl':
        return values.publicUrl();
      default:
        return { label: part.kind, value: values[part.kind] };
    }
  });
}
