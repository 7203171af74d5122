import { platform } from '#platform';
import { decodeHex, encodeDigest } from '../crypto/encoding.js';
import type { HmacAlgorithm, MessagePart } from '../crypto/hmac.js';
import { hashDigest } from '../crypto/run-with-crypto.js';
import { WebhookVerificationError } from '../errors.js';
import type { Key } from '../keys/key-ring.js';
import type { IncomingWebhook } from '../request/incoming-webhook.js';
import { parseMediaType } from '../request/media-type.js';
import {
  defineWebhookScheme,
  type EncodedForm,
  resolveReplayTtl,
  type WebhookScheme,
} from '../scheme.js';
import { bodyToSend, fieldEntries, formBody, type SignedHttpRequest } from '../signed-request.js';
import { schemeName } from './hmac.js';

/** Where the configured salt (the secret) goes in the hashed string. */
export const SALT = Object.freeze({ salt: true as const });

/**
 * One piece of the string a salted-hash scheme hashes:
 * - literal text (a separator such as `|`, or a configured value such as PayU's merchant key);
 * - `{ field }`: a field of the body, as text. A missing field is `malformed_request`, unless
 *   `optional` (then it is empty, as PayU's `udf1`–`udf5`); `followedBy` is added after the
 *   value only when the field is there (PayU's `additionalCharges|` prefix);
 * - {@link SALT}: the configured secret.
 */
export type SaltedHashPart =
  | string
  | typeof SALT
  | {
      readonly field: string;
      readonly optional?: boolean;
      readonly followedBy?: string;
    };

/** Where the hash is sent. */
export type SaltedHashSignature =
  /** A field of the body (Midtrans's `signature_key`, PayU's `hash`), left out of the hash. */
  | { readonly field: string }
  /**
   * A header (PhonePe's `X-VERIFY`, `Authorization`); with `keyId`, the value is
   * `<hex><separator><key id>` and the key id picks the configured salt (PhonePe's salt index).
   */
  | { readonly header: string; readonly keyId?: { readonly separator: string } };

/** Input to `sign` for a {@link saltedHash} scheme. */
export interface SaltedHashSignInput {
  /** A JSON body: an object (its fields are hashed), or JSON text. */
  readonly body?: unknown;
  /** A form body instead: its fields, as strings. */
  readonly fields?: Readonly<Record<string, string>>;
  /** The configured salt to sign with, by key id; default the first. */
  readonly keyId?: string;
}

/** What describes a salted-hash scheme; the presets fill it in. */
export interface SaltedHashOptions<TPayload> {
  readonly name: string;
  readonly provider?: string;
  /** `json`, or `either` (a form or JSON by Content-Type, PayU). */
  readonly mediaType: 'json' | 'either';
  /** A list tried in order (rotation), or salts by key id (`signature.keyId`). */
  readonly keys: readonly Key[] | ReadonlyMap<string, Key>;
  readonly algorithm: HmacAlgorithm;
  readonly signature: SaltedHashSignature;
  /** The hashed string, in order; the hash is sent as lower-case hex (either case is read). */
  readonly message: readonly SaltedHashPart[];
  readonly replayTtl?: number | undefined;
  /** What the handler gets; default the body's fields (a JSON object or the form's fields). */
  payload?(fields: Readonly<Record<string, unknown>>, request: IncomingWebhook): TPayload;
}

const SHOWN_SALT = '[the configured salt]';
/** The placeholders `digest` puts the salt in: known by identity, whatever a field is named. */
const SALT_PARTS = new WeakSet<MessagePart>();
const HASH_NAMES: Readonly<Record<HmacAlgorithm, string>> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

function isField(part: SaltedHashPart): part is Exclude<SaltedHashPart, string | typeof SALT> {
  return typeof part === 'object' && 'field' in part;
}

/** The body's fields: a form's (each name once), else the JSON object's. */
function bodyFields(request: IncomingWebhook): Record<string, unknown> {
  const contentType = request.header('content-type');
  if (
    contentType !== undefined &&
    parseMediaType(contentType).essence === 'application/x-www-form-urlencoded'
  ) {
    const form = request.form();
    return Object.fromEntries(form.singles(form.names()));
  }
  return request.jsonObject();
}

/** A field the hash covers, as text: a string, else `malformed_request`. */
function textField(
  fields: Readonly<Record<string, unknown>>,
  part: Exclude<SaltedHashPart, string | typeof SALT>,
  provider: string,
): string {
  const value = Object.hasOwn(fields, part.field) ? fields[part.field] : undefined;
  if (value === undefined || value === null) {
    if (part.optional === true) return '';
    throw new WebhookVerificationError(
      'malformed_request',
      `the ${part.field} field, which the hash covers, is missing.`,
      { provider },
    );
  }
  // Only text has one spelling: a number (1500 or 1500.00?) could be hashed either way.
  if (typeof value !== 'string') {
    throw new WebhookVerificationError(
      'malformed_request',
      `the ${part.field} field, which the hash covers, must be a JSON string.`,
      { provider },
    );
  }
  return part.followedBy === undefined ? value : `${value}${part.followedBy}`;
}

/** The hashed string in parts, the salt as a placeholder `digest` fills in (never shown). */
function render(
  message: readonly SaltedHashPart[],
  fields: Readonly<Record<string, unknown>>,
  provider: string,
): MessagePart[] {
  return message.map((part) => {
    if (typeof part === 'string') return { label: 'literal', value: part };
    if (part === SALT) {
      const placeholder = { label: 'salt', value: '', display: SHOWN_SALT };
      SALT_PARTS.add(placeholder);
      return placeholder;
    }
    const value = textField(
      fields,
      part as Exclude<SaltedHashPart, string | typeof SALT>,
      provider,
    );
    return { label: (part as { field: string }).field, value };
  });
}

/** The received text of a signature field, or `malformed_request` for a value that is not text. */
function signatureField(
  fields: Readonly<Record<string, unknown>>,
  field: string,
  provider: string,
) {
  const value = Object.hasOwn(fields, field) ? fields[field] : undefined;
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'string') {
    throw new WebhookVerificationError(
      'malformed_request',
      `the ${field} field must be a JSON string.`,
      { provider },
    );
  }
  return [value];
}

/**
 * A scheme for vendors that send a plain hash (SHA-256 or SHA-512, no HMAC) of some fields
 * and a shared salt: Midtrans's `signature_key`, PayU's reverse hash, PhonePe's `X-VERIFY`
 * and `Authorization`. The fields are read from the parsed body (a JSON object, or a form),
 * must be strings (a number has no single spelling), and are joined as `message` says; the
 * hash is compared as decoded bytes in constant time with every configured salt.
 *
 * Replays are keyed on what the hash covers: the SHA-256 of the hashed fields (the salt left
 * out, so the key is the same whichever salt matched). A hash that covers no field of the
 * request (PhonePe's `Authorization`, a hash of the configured credentials) is a shared
 * token, not a signature: the body is not covered, so replays are only deduplicated by the
 * SHA-256 of the body, and the token is never shown, as Flutterwave's is not.
 *
 * Unlike `hmac()`, fields the hash does not cover reach the handler unchecked: each preset
 * says which are covered. A plain hash of text and a secret is not a MAC; that is the
 * vendors' choice. Where the salt comes first (PayU), SHA-2's length extension would let
 * whoever saw one hash compute another for the same string followed by SHA-2's padding and
 * more; the padding starts with the byte 0x80, which UTF-8 never puts right after a whole
 * character, and the fields are hashed as UTF-8 text, so no request can spell that string.
 *
 * @example
 * ```ts
 * // Acme: `signature` = hex SHA-512 of `order|amount|salt`, fields of the JSON body.
 * const acme = saltedHash({
 *   name: 'acme',
 *   mediaType: 'json',
 *   keys: [{ id: 0, bytes: new TextEncoder().encode(salt), hasOuterWhitespace: false }],
 *   algorithm: 'sha512',
 *   signature: { field: 'signature' },
 *   message: [{ field: 'order' }, '|', { field: 'amount' }, '|', SALT],
 * });
 * ```
 */
export function saltedHash<TPayload = unknown>(
  options: SaltedHashOptions<TPayload>,
): WebhookScheme<TPayload, SaltedHashSignInput, SignedHttpRequest> {
  const name = schemeName(options?.name, 'saltedHash');
  const { algorithm, signature, message, mediaType, keys } = options;
  if (!message.includes(SALT)) {
    throw new TypeError(`[hookguard] ${name}: the hashed message must contain the salt.`);
  }
  const coversRequest = message.some(isField);
  const byKeyId = keys instanceof Map;
  const header = 'header' in signature ? signature.header.toLowerCase() : undefined;
  const separator = 'header' in signature ? signature.keyId?.separator : undefined;
  if (byKeyId !== (separator !== undefined)) {
    throw new TypeError(
      `[hookguard] ${name}: salts by key id need a signature header that names the key id, and only they do.`,
    );
  }
  const hashName = HASH_NAMES[algorithm];
  const signatureSource =
    header === undefined
      ? `the ${'field' in signature ? signature.field : ''} field`
      : `the ${header} header`;
  const payloadOf =
    options.payload ??
    ((fields: Readonly<Record<string, unknown>>) => fields as unknown as TPayload);
  const covered = message.filter(isField).map((part) => part.field);
  const mismatchHint = coversRequest
    ? `The hash covers the fields ${covered.join(', ')} and the salt, not the raw body.`
    : 'It is a hash of the configured credentials, the same on every request: check them.';
  const digest = (key: Key, parts: readonly MessagePart[]) =>
    hashDigest(
      algorithm,
      parts.map((part) => (SALT_PARTS.has(part) ? key.bytes : part.value)),
    );

  return defineWebhookScheme<TPayload, SaltedHashSignInput, SignedHttpRequest>({
    name,
    provider: options.provider ?? name,
    mediaType,
    algorithm,
    algorithmLabel: coversRequest
      ? `${hashName} of the fields and the salt (no HMAC)`
      : `${hashName} of the configured credentials (no HMAC; the body is not covered)`,
    keys,
    tolerance: false,
    replayBy: coversRequest ? 'message' : 'body',
    replayTtlSeconds: resolveReplayTtl(false, options.replayTtl, name),
    signatureFormat: separator === undefined ? 'hex' : `<hex>${separator}<salt index>`,
    signatureIsSecret: !coversRequest,
    digest,
    read(request) {
      let fields: Record<string, unknown> | undefined;
      const body = () => {
        fields ??= bodyFields(request);
        return fields;
      };
      const payload = () => payloadOf(body(), request);
      let signatures: string[];
      let keyId: string | undefined;
      if (header === undefined) {
        signatures = signatureField(body(), (signature as { field: string }).field, name);
      } else {
        const value = request.header(header);
        signatures = value === undefined || value === '' ? [] : [value];
      }
      // Unsigned is unsigned: the fields are read only once a hash came.
      if (signatures.length === 0) {
        // Salts by key id are chosen before the hash is checked, so say it is missing here.
        if (byKeyId)
          throw new WebhookVerificationError(
            'missing_signature',
            `${signatureSource} is missing.`,
            {
              provider: name,
            },
          );
        return { signatures, signatureSource, message: [], payload };
      }
      if (separator !== undefined) {
        const value = signatures[0] as string;
        const at = value.lastIndexOf(separator);
        if (at === -1) {
          throw new WebhookVerificationError(
            'invalid_signature',
            `${signatureSource} cannot be decoded; expected <hex>${separator}<salt index>.`,
            { provider: name },
          );
        }
        signatures = [value.slice(0, at)];
        keyId = value.slice(at + separator.length);
      }
      return {
        signatures,
        signatureSource,
        keyId,
        message: render(message, coversRequest ? body() : {}, name),
        mismatchHint,
        payload,
      };
    },
    decode(text) {
      const bytes = decodeHex(text);
      return bytes === undefined ? [] : [{ bytes, form: 'hex' }];
    },
    encode(value): EncodedForm[] {
      return [
        {
          form: 'hex',
          steps: [{ label: `${hashName} digest (hex)`, value: encodeDigest(value, 'hex') }],
        },
      ];
    },
    sign(input, context) {
      const key = context.key(input?.keyId);
      const isForm = input?.fields !== undefined;
      const entries = isForm ? fieldEntries(input.fields, name) : [];
      let json: Record<string, unknown> | undefined;
      if (!isForm) {
        const given =
          typeof input?.body === 'string' ? parseJsonObject(input.body, name) : input?.body;
        json =
          given !== null && typeof given === 'object' && !(given instanceof Uint8Array)
            ? { ...(given as Record<string, unknown>) }
            : undefined;
      }
      const fields = isForm ? Object.fromEntries(entries) : (json ?? {});
      if ('field' in signature) delete (fields as Record<string, unknown>)[signature.field];
      const parts = render(message, fields, name);
      const hash = platform.toHex(digest(key, parts));
      const headers: Record<string, string> = {
        'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json',
      };
      if (header !== undefined)
        headers[header] = separator === undefined ? hash : `${hash}${separator}${String(key.id)}`;
      if (isForm) {
        const sent = entries.filter(
          ([field]) => !('field' in signature) || field !== signature.field,
        );
        if ('field' in signature) sent.push([signature.field, hash]);
        return { headers, body: formBody(sent) };
      }
      if ('field' in signature)
        return { headers, body: JSON.stringify({ ...fields, [signature.field]: hash }) };
      // The body as given: JSON text is sent byte for byte (its fields are what was hashed).
      return { headers, body: bodyToSend(input?.body) };
    },
  });
}

/** JSON text given to `sign`, as an object (its fields are hashed). */
function parseJsonObject(text: string, scheme: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TypeError(`[hookguard] ${scheme}: sign expects a JSON object body (or { fields }).`);
  }
}
