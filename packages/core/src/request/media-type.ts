import { WebhookVerificationError } from '../errors.js';

/**
 * The body format a scheme expects: JSON, a form, either (Slack, Twilio), or `json-text`:
 * JSON that the vendor may label `text/plain` (AWS SNS posts its JSON envelope as
 * `text/plain; charset=UTF-8` by default, `application/json` when the subscription's
 * delivery policy asks for it). A form is never `json-text`, and `text/plain` is never
 * taken by the other three.
 */
export type MediaType = 'json' | 'form' | 'either' | 'json-text';

const FORM = 'application/x-www-form-urlencoded';
const TEXT = 'text/plain';

interface ParsedMediaType {
  readonly essence: string;
  readonly charset: string | undefined;
}

/** `type/subtype` lowercased, and the charset parameter if any (quotes removed). */
export function parseMediaType(value: string): ParsedMediaType {
  const [essence = '', ...params] = value.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const equals = param.indexOf('=');
    if (equals === -1) continue;
    if (param.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    charset = param
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return { essence: essence.trim().toLowerCase(), charset };
}

/**
 * The JSON media types: `application/json` and `application/<subtype>+json`, where the
 * subtype is an RFC 6838 §4.2 restricted name (a letter or digit first, then letters,
 * digits and `!#$&-^_.+`, 127 characters at most). So `application/+json` is refused: its
 * subtype starts with `+`, which makes it no media type at all. Matches an essence, or a
 * full Content-Type with parameters after `;` (the form Fastify tests a parser's RegExp
 * against), which is how `@hookguard/fastify` registers its parser from this one rule.
 */
export const JSON_MEDIA_TYPE =
  /^application\/(?:json|[a-z0-9][a-z0-9!#$&^_.+-]{0,121}\+json)\s*(?:;|$)/i;

function isJson(essence: string): boolean {
  return JSON_MEDIA_TYPE.test(essence);
}

const DESCRIPTIONS: Readonly<Record<MediaType, string>> = {
  json: 'application/json (or a +json type)',
  form: FORM,
  either: `application/json or ${FORM}`,
  'json-text': `application/json (or a +json type) or ${TEXT} holding JSON`,
};

/** True when the essence is one of the types a scheme expecting `expected` takes. */
export function acceptsMediaType(expected: MediaType, essence: string): boolean {
  if (expected !== 'form' && isJson(essence)) return true;
  if (expected === 'json-text') return essence === TEXT;
  return expected !== 'json' && essence === FORM;
}

/**
 * Rejects a request whose Content-Type is not the one the scheme expects, with
 * `unsupported_media_type`. Adapters call it before reading a byte of the body; `verify`
 * calls it again so that direct users of the core get the same answer.
 *
 * A request without a body needs no Content-Type. A charset other than UTF-8 is refused:
 * JSON is UTF-8 by definition (RFC 8259) and the vendors' form values are decoded as
 * UTF-8, so any other charset would change the bytes that were signed.
 */
export function assertMediaType(
  expected: MediaType,
  contentType: string | undefined,
  hasBody: boolean,
  provider?: string,
): void {
  // The common exact values need no parsing.
  if (
    (contentType === 'application/json' && expected !== 'form') ||
    (contentType === FORM && (expected === 'form' || expected === 'either'))
  )
    return;
  if (contentType === undefined || contentType.trim() === '') {
    if (!hasBody) return;
    throw unsupported(
      `the request has a body but no Content-Type; expected ${DESCRIPTIONS[expected]}.`,
      provider,
    );
  }
  const { essence, charset } = parseMediaType(contentType);
  if (!acceptsMediaType(expected, essence))
    throw unsupported(
      `Content-Type ${JSON.stringify(essence)} is not accepted here; expected ${DESCRIPTIONS[expected]}.`,
      provider,
    );
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw unsupported(
      `charset ${JSON.stringify(charset)} is not accepted; webhook bodies are verified as UTF-8.`,
      provider,
    );
}

/** Made out of line, so the check above stays small enough to inline (decision 163). */
function unsupported(message: string, provider: string | undefined): WebhookVerificationError {
  return new WebhookVerificationError('unsupported_media_type', message, { provider });
}
