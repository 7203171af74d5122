import { platform } from '#platform';
import { decodeBase64, decodeHex, encodeDigest } from '../crypto/encoding.js';
import type { HmacAlgorithm, MessagePart } from '../crypto/hmac.js';
import { decodePlain, encodePlain } from '../crypto/signature-forms.js';
import { WebhookVerificationError } from '../errors.js';
import { type Key, keysFromSecrets, type SecretDecoder } from '../keys/key-ring.js';
import type { SignatureAlgorithm } from '../platform/platform.js';
import type { IncomingWebhook } from '../request/incoming-webhook.js';
import { parseMediaType } from '../request/media-type.js';
import type { FormEntry } from '../request/parse-form.js';
import { originFromRequest, pathAndQuery } from '../request/public-url.js';
import {
  requestBase,
  type SignedBase,
  signedBase,
  urlOf,
  urlParts,
} from '../request/signed-url.js';
import {
  type DecodedSignature,
  defineWebhookScheme,
  type EncodedForm,
  type ReplayBy,
  resolveReplayTtl,
  type SignContext,
  type WebhookScheme,
} from '../scheme.js';
import { bodyToSend } from '../signed-request.js';
import {
  epochMillis,
  epochSeconds,
  isoWithZone,
  type ReceivedTimestamp,
  resolveTolerance,
} from '../time/timestamps.js';
import {
  jsonBodyToSign,
  jsonText,
  missingField,
  publicUrlToSign,
  queryEntries,
  queryValue,
  setJson,
  unescaper,
} from './hmac-inputs.js';
import type {
  HeaderSchemeOptions,
  HmacHeaderSignature,
  HmacSchemeOptions,
  HmacSecretEncoding,
  HmacSignatureLocation,
  HmacSignedRequest,
  HmacSignInput,
} from './hmac-options.js';
import { JSON_PATH, parseTemplate, render, type TemplatePart } from './hmac-template.js';

// The option types live in hmac-options.ts; the providers import them from here with `hmac`.
export type * from './hmac-options.js';

/** The most numbered signature headers read (`x-docusign-signature-1` … `-100`). */
const MAX_NUMBERED_HEADERS = 100;

const SECRET_DECODERS: Readonly<Record<HmacSecretEncoding, SecretDecoder>> = {
  utf8: (secret) => platform.utf8(secret),
  base64: (secret) => decodeBase64(secret),
  hex: (secret) => decodeHex(secret),
  'whsec-base64': (secret) =>
    decodeBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret),
};

/**
 * The payload by the request's Content-Type: JSON, a form's fields, or nothing for an empty body.
 */
export function payloadOf(request: IncomingWebhook): unknown {
  if (request.body.length === 0) return undefined;
  const contentType = request.header('content-type');
  if (
    contentType !== undefined &&
    parseMediaType(contentType).essence === 'application/x-www-form-urlencoded'
  ) {
    const form = request.form();
    return form.toObject(form.names());
  }
  return request.json();
}

/**
 * Where a delivery id the signature covers is read from, if the scheme names one. A header
 * or body field must be one the message signs: an unsigned id would let a replay pass as a
 * new delivery.
 */
function replayIdLocation(
  replay: HmacSchemeOptions['replay'],
  template: readonly TemplatePart[],
  scheme: string,
): { replayHeader?: string; replayJson?: string; bodyField?: string } {
  if (replay === undefined || replay === 'signature') return {};
  if (replay !== null && typeof replay === 'object') {
    if ('header' in replay && typeof replay.header === 'string') {
      const header = replay.header.toLowerCase();
      if (!template.some((part) => part.kind === 'header' && part.name === header)) {
        throw new TypeError(
          `[hookguard] ${scheme}: replay.header ${JSON.stringify(header)} is not signed; add {header:${header}} to message, or leave replay out to key replays on what the signature covers.`,
        );
      }
      return { replayHeader: header };
    }
    if ('json' in replay && typeof replay.json === 'string') {
      const path = replay.json;
      if (!template.some((part) => part.kind === 'json' && part.path === path)) {
        throw new TypeError(
          `[hookguard] ${scheme}: replay.json ${JSON.stringify(path)} is not signed; add {json:${path}} to message, or leave replay out to key replays on what the signature covers.`,
        );
      }
      return { replayJson: path };
    }
    if ('bodyField' in replay && typeof replay.bodyField === 'string' && replay.bodyField !== '') {
      return { bodyField: replay.bodyField };
    }
  }
  throw new TypeError(
    `[hookguard] ${scheme}: replay must be 'signature', { header: '<signed header>' } or { bodyField: '<name>' }.`,
  );
}

/** A top-level string field of a parsed JSON object, or undefined. */
function stringField(payload: unknown, field: string): string | undefined {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const value = (payload as Record<string, unknown>)[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Splits a signature list into its entries; a repeated timestamp entry is ambiguous. */
function readList(
  value: string,
  list: NonNullable<HmacHeaderSignature['list']>,
  timestampEntry: string | undefined,
  scheme: string,
) {
  const signatures: string[] = [];
  let timestamp: string | undefined;
  for (const entry of value.split(list.separator)) {
    const assign = entry.indexOf(list.assign);
    if (assign === -1) continue;
    const name = entry.slice(0, assign).trim();
    const item = entry.slice(assign + list.assign.length).trim();
    if (name === list.version && item !== '') signatures.push(item);
    if (name === timestampEntry) {
      if (timestamp !== undefined) {
        throw new WebhookVerificationError(
          'malformed_request',
          `the ${timestampEntry} entry appears more than once in the signature header.`,
          { provider: scheme },
        );
      }
      timestamp = item;
    }
  }
  return { signatures, timestamp };
}

/** The reader of a token the scheme's template does not have: never called. */
function unused(): never {
  throw new TypeError('[hookguard] a template token was read that the template does not have.');
}

/** Whether a request may carry several signatures: then replays are keyed on the message. */
function carriesSeveral(signature: HmacSignatureLocation | undefined): boolean {
  if (signature === undefined || signature === null) return false;
  if ('headersByKey' in signature) return true;
  if ('json' in signature) return typeof signature.json !== 'string';
  return (
    signature.list !== undefined ||
    (typeof signature.header === 'string' && signature.header.includes('{n}'))
  );
}

/**
 * A scheme for any vendor that signs with an HMAC: where the signature and its inputs live,
 * the string to sign as a small template, the algorithm, the encoding, the timestamp and
 * its tolerance, and what identifies a delivery for replay protection. Every check
 * hookguard makes for its built-in providers applies (constant-time comparison of decoded
 * bytes, timestamps both ways, repeated signing headers refused).
 *
 * @example
 * ```ts
 * const acme = hmac({
 *   name: 'acme',
 *   secret: process.env.ACME_SECRET!,
 *   signature: { header: 'x-acme-signature', prefix: 'sha256=' },
 *   timestamp: { header: 'x-acme-timestamp', unit: 's' },
 *   message: '{header:x-acme-delivery}.{timestamp}.{body}', // the delivery id is signed
 *   replay: { header: 'x-acme-delivery' },
 * });
 * ```
 */
export function hmac<TPayload = unknown>(
  options: HmacSchemeOptions,
): WebhookScheme<TPayload, HmacSignInput, HmacSignedRequest> {
  const name = schemeName(options?.name, 'hmac');
  const algorithm = options.algorithm ?? 'sha256';
  const encoding = options.encoding ?? 'hex';
  const decodeSignature = decodePlain(encoding);
  const secretEncoding = options.secretEncoding ?? 'utf8';
  const decodeSecret = SECRET_DECODERS[secretEncoding];
  if (decodeSecret === undefined) {
    throw new TypeError(
      `[hookguard] ${name}: secretEncoding must be utf8, base64, hex or whsec-base64.`,
    );
  }
  const upper = options.hexCase === 'upper' && encoding === 'hex';
  return headerSignedScheme<TPayload>(options, {
    algorithm,
    keys: keysFromSecrets(options.secret, options.secretOption ?? 'secret', name, decodeSecret),
    // Where a request may carry several signatures (a list while a secret rolls, one per
    // key), a replay could present another key's: key replays on the message.
    replayBy: carriesSeveral(options.signature) ? 'message' : 'digest',
    encodingLabel: upper ? 'HEX' : encoding,
    decode: decodeSignature,
    encode: encodePlain(encoding, algorithm),
    produce: (message, context) => {
      const encoded = encodeDigest(context.digest(message, context.key()), encoding);
      return upper ? encoded.toUpperCase() : encoded;
    },
  });
}

/** The scheme's id, checked: a lowercase id such as `acme`. */
export function schemeName(name: unknown, builder: string): string {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(name)) {
    throw new TypeError(`[hookguard] ${builder}(): name must be a lowercase id such as "acme".`);
  }
  return name;
}

/** What differs between the signature families that share {@link headerSignedScheme}. */
export interface SignatureFamily {
  readonly algorithm: HmacAlgorithm | SignatureAlgorithm;
  readonly keys: readonly Key[];
  readonly privateKey?: Uint8Array | undefined;
  readonly replayBy: ReplayBy;
  /** How the signature is written, for messages: `hex`, `base64 (DER)`. */
  readonly encodingLabel: string;
  /** A received signature (its prefix removed) as candidate bytes; empty when unreadable. */
  decode(text: string): DecodedSignature[];
  /** The forms a digest is sent in (MAC schemes; empty for public-key ones). */
  encode(digest: Uint8Array): EncodedForm[];
  /** The signature as sent, for `sign`. */
  produce(message: readonly MessagePart[], context: SignContext): string;
}

/** The signature location, checked: exactly one kind, well formed. */
type CheckedSignature =
  | {
      readonly kind: 'header';
      readonly header: string;
      readonly list?: HmacHeaderSignature['list'];
    }
  | { readonly kind: 'numbered'; readonly header: string }
  | { readonly kind: 'keyed'; readonly headers: readonly string[] }
  | { readonly kind: 'json'; readonly paths: readonly string[] };

function checkSignature(
  signature: HmacSignatureLocation | undefined,
  keyCount: number,
  name: string,
): CheckedSignature {
  const refuse = (what: string) => new TypeError(`[hookguard] ${name}: ${what}`);
  if (signature === undefined || signature === null || typeof signature !== 'object')
    throw refuse('signature.header is required.');
  const kinds = ['header', 'headersByKey', 'json'].filter((kind) => kind in signature);
  if (kinds.length !== 1)
    throw refuse('signature takes exactly one of header, headersByKey or json.');
  if ('headersByKey' in signature) {
    const headers = signature.headersByKey;
    if (
      !Array.isArray(headers) ||
      headers.length === 0 ||
      headers.some((header) => typeof header !== 'string' || !/^[A-Za-z0-9-]+$/.test(header))
    )
      throw refuse('signature.headersByKey must list header names, one per secret.');
    if (keyCount > headers.length)
      throw refuse(
        `signature.headersByKey names ${headers.length} headers: configure at most ${headers.length} secrets.`,
      );
    return { kind: 'keyed', headers: headers.map((header) => header.toLowerCase()) };
  }
  if ('json' in signature) {
    const paths = typeof signature.json === 'string' ? [signature.json] : signature.json;
    if (
      !Array.isArray(paths) ||
      paths.length === 0 ||
      paths.some((path) => typeof path !== 'string' || !JSON_PATH.test(path))
    )
      throw refuse('signature.json must be a dot path such as signature.value, or a list of them.');
    return { kind: 'json', paths };
  }
  if (typeof signature.header !== 'string' || signature.header === '')
    throw refuse('signature.header is required.');
  const header = signature.header.toLowerCase();
  if (header.includes('{n}')) {
    if (signature.list !== undefined || !/^[a-z0-9-]*\{n\}[a-z0-9-]*$/.test(header))
      throw refuse('a numbered signature.header has one {n} and no list.');
    return { kind: 'numbered', header };
  }
  return signature.list === undefined
    ? { kind: 'header', header }
    : { kind: 'header', header, list: signature.list };
}

/** `x`, `x or y`, `x, y or z`. */
function either(names: readonly string[]): string {
  return names.length === 1
    ? (names[0] as string)
    : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** A context whose `key()` is the given key: for schemes that sign once per secret. */
function withKey(context: SignContext, key: Key): SignContext {
  return {
    now: context.now,
    randomUUID: () => context.randomUUID(),
    key: () => key,
    digest: (message, other) => context.digest(message, other),
    signature: (message, algorithm) => context.signature(message, algorithm),
  };
}

/**
 * Everything but the crypto of a scheme whose signature and inputs are in headers, the URL
 * and the body: reading the signature, list and timestamp, rendering the message template,
 * replay ids, payload, and signing. {@link hmac} and {@link publicKeyScheme} give the family.
 */
export function headerSignedScheme<TPayload>(
  options: HeaderSchemeOptions,
  family: SignatureFamily,
): WebhookScheme<TPayload, HmacSignInput, HmacSignedRequest> {
  const { name } = options;
  const mediaType = options.mediaType ?? 'json';
  const signature = checkSignature(options.signature, family.keys.length, name);
  const signatureHeader = signature.kind === 'header' ? signature.header : '';
  const list = signature.kind === 'header' ? signature.list : undefined;
  const timestampLocation = options.timestamp;
  if (
    timestampLocation !== undefined &&
    'json' in timestampLocation &&
    (typeof timestampLocation.json !== 'string' || !JSON_PATH.test(timestampLocation.json))
  ) {
    throw new TypeError(`[hookguard] ${name}: timestamp.json must be a dot path such as a.b.`);
  }
  const tolerance =
    timestampLocation === undefined ? false : resolveTolerance(options.tolerance, name);
  const template = parseTemplate(
    options.message ?? '{body}',
    name,
    timestampLocation !== undefined,
  );
  const { replayHeader, replayJson, bodyField } = replayIdLocation(options.replay, template, name);
  const toTimestamp = (raw: string): ReceivedTimestamp =>
    timestampLocation?.unit === 'ms'
      ? epochMillis(raw)
      : timestampLocation?.unit === 'rfc3339'
        ? isoWithZone(raw)
        : epochSeconds(raw);
  const prefix = options.signature.prefix ?? '';
  const timestampEntry =
    timestampLocation !== undefined && 'listEntry' in timestampLocation
      ? timestampLocation.listEntry
      : undefined;
  const timestampJson =
    timestampLocation !== undefined && 'json' in timestampLocation
      ? timestampLocation.json
      : undefined;
  const timestampHeader =
    timestampLocation !== undefined && 'header' in timestampLocation
      ? timestampLocation.header.toLowerCase()
      : undefined;
  // What the template reads beyond headers and the body's bytes, decided once.
  const readsJson =
    signature.kind === 'json' ||
    timestampJson !== undefined ||
    template.some((part) => part.kind === 'json');
  if (signature.kind === 'json' && template.some((part) => part.kind === 'body')) {
    throw new TypeError(
      `[hookguard] ${name}: the signature is in the body, so the message cannot sign {body}.`,
    );
  }
  const readsQuery = template.some((part) => part.kind === 'query');
  const readsPublicUrl = template.some((part) => part.kind === 'publicUrl');
  const configuredBase =
    options.publicUrl === undefined ? undefined : signedBase(options.publicUrl, 'publicUrl', name);
  const trustProxy = options.trustProxy === true;
  const unescapeUrl = unescaper(options.unescapeInUrl, name);
  const publicUrlPart = (base: SignedBase, path: string): MessagePart =>
    urlParts(base, path, unescapeUrl)[0] as MessagePart;
  /** The hint of a `{publicUrl}` scheme: the URL it signed, shown with its credentials hidden. */
  const publicUrlHint = (message: readonly MessagePart[]): string => {
    const url = message.find((part) => part.label === 'url');
    const shown = url?.display ?? String(url?.value);
    return `${options.mismatchHint === undefined ? '' : `${options.mismatchHint} `}hookguard signed the URL as ${shown}; behind a proxy, set publicUrl to the public URL the vendor calls.`;
  };
  const keyed = signature.kind === 'keyed' ? signature.headers.slice(0, family.keys.length) : [];
  const signatureFormat =
    signature.kind === 'json'
      ? `${prefix}<${family.encodingLabel}> in ${either(signature.paths)}`
      : `${prefix}<${family.encodingLabel}>`;

  /** The signatures of a request with no list, numbered or keyed headers, or body fields. */
  function readSpecial(
    request: IncomingWebhook,
    body: unknown,
  ): { signatures: string[]; source: string; signatureKeys?: (number | string)[] } {
    const signatures: string[] = [];
    if (signature.kind === 'numbered') {
      const first = signature.header.replace('{n}', '1');
      for (let n = 1; n <= MAX_NUMBERED_HEADERS; n++) {
        const value = request.header(signature.header.replace('{n}', String(n)));
        if (value === undefined || value === '') break;
        signatures.push(value);
      }
      return {
        signatures,
        source:
          signatures.length <= 1
            ? `the ${first} header`
            : `each of the ${signatures.length} ${signature.header.replace('{n}', '<n>')} headers`,
      };
    }
    if (signature.kind === 'keyed') {
      const signatureKeys: (number | string)[] = [];
      const present: string[] = [];
      keyed.forEach((header, index) => {
        const value = request.header(header);
        if (value === undefined || value === '') return;
        signatures.push(value);
        signatureKeys.push((family.keys[index] as Key).id);
        present.push(header);
      });
      return {
        signatures,
        signatureKeys,
        source:
          present.length === 0
            ? `the ${either(keyed)} header`
            : present.length === 1
              ? `the ${present[0]} header`
              : `each of the ${present.join(' and ')} headers`,
      };
    }
    const paths = (signature as { paths: readonly string[] }).paths;
    const present: string[] = [];
    for (const path of paths) {
      const value = jsonText(body, path, name);
      if (value === undefined) continue;
      signatures.push(value);
      present.push(path);
    }
    return {
      signatures,
      source:
        present.length === 0
          ? `the ${either(paths)} field of the body`
          : present.length === 1
            ? `the ${present[0]} field of the body`
            : `each of the ${present.join(' and ')} fields of the body`,
    };
  }

  return defineWebhookScheme<TPayload, HmacSignInput, HmacSignedRequest>({
    name,
    provider: options.provider ?? name,
    mediaType,
    algorithm: family.algorithm,
    keys: family.keys,
    privateKey: family.privateKey,
    tolerance,
    replayBy: family.replayBy,
    replayTtlSeconds: resolveReplayTtl(tolerance, options.replayTtl, name),
    ...(bodyField === undefined
      ? {}
      : { deliveryIdFrom: (payload) => stringField(payload, bodyField) }),
    signatureFormat,
    handshakes: options.handshakes,
    read(request) {
      // Parsed once, only for schemes that read the JSON body for their inputs.
      const body: unknown = readsJson ? request.jsonObject() : undefined;
      let source = `the ${signatureHeader} header`;
      let signatures: string[] = [];
      let signatureKeys: (number | string)[] | undefined;
      let listTimestamp: string | undefined;
      if (signature.kind !== 'header') {
        ({ signatures, source, signatureKeys } = readSpecial(request, body));
      } else {
        const value = request.header(signatureHeader);
        if (value !== undefined && value !== '' && list !== undefined) {
          ({ signatures, timestamp: listTimestamp } = readList(value, list, timestampEntry, name));
          if (signatures.length === 0)
            source = `a ${list.version} signature in the ${signatureHeader} header`;
        } else if (value !== undefined && value !== '') {
          // The prefix is checked when decoding: without it the value is invalid, not missing.
          signatures = [value];
        }
      }
      let timestamp: ReceivedTimestamp | undefined;
      if (timestampLocation !== undefined) {
        let raw: string | undefined;
        if (timestampHeader !== undefined) raw = request.requireHeader(timestampHeader);
        else if (timestampJson !== undefined) {
          raw = jsonText(body, timestampJson, name);
          if (raw === undefined) throw missingField(timestampJson, name);
        } else raw = listTimestamp;
        if (raw === undefined || raw === '') {
          throw new WebhookVerificationError(
            'missing_signature',
            `the ${timestampEntry} entry of ${source} is missing.`,
            { provider: name },
          );
        }
        timestamp = toTimestamp(raw);
      }
      let query: FormEntry[] | undefined;
      // The readers of the newer tokens exist only for schemes whose template has them: the
      // others allocate nothing more per request.
      const message = render(template, {
        body: request.body,
        timestamp: timestamp?.raw,
        method: request.method,
        url: request.url,
        header: (header) => request.requireHeader(header),
        query: readsQuery
          ? (parameter) => {
              query ??= queryEntries(pathAndQuery(request.url, name));
              return queryValue(query, parameter, name);
            }
          : unused,
        json: readsJson
          ? (path) => {
              const value = jsonText(body, path, name);
              if (value === undefined) throw missingField(path, name);
              return value;
            }
          : unused,
        publicUrl: readsPublicUrl
          ? () =>
              publicUrlPart(
                configuredBase ?? requestBase(originFromRequest(request, trustProxy, name)),
                pathAndQuery(request.url, name),
              )
          : unused,
      });
      // Signed: the message template renders this header or field, checked at configuration.
      const deliveryId =
        replayHeader !== undefined
          ? request.header(replayHeader)
          : replayJson !== undefined
            ? jsonText(body, replayJson, name)
            : undefined;
      // One literal, absent parts as undefined: spreading optional parts in costs more
      // than the rest of reading a small request.
      return {
        signatures,
        signatureSource: source,
        signatureKeys,
        timestamp,
        message,
        mismatchHint: readsPublicUrl ? publicUrlHint(message) : options.mismatchHint,
        deliveryId: deliveryId === '' ? undefined : deliveryId,
        payload: readsJson ? () => body as TPayload : () => payloadOf(request) as TPayload,
      };
    },
    decode: (text) => (text.startsWith(prefix) ? family.decode(text.slice(prefix.length)) : []),
    encode: (digest) => family.encode(digest),
    sign(input, context) {
      const given = Object.fromEntries(
        Object.entries(input?.headers ?? {}).map(([header, value]) => [
          header.toLowerCase(),
          value,
        ]),
      );
      const isForm = mediaType === 'form';
      const json = readsJson ? jsonBodyToSign(input?.body, name) : undefined;
      const headers: Record<string, string> = {
        'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json',
        ...given,
      };
      const header = (name: string) => {
        headers[name] ??= context.randomUUID();
        return headers[name];
      };
      if (replayHeader !== undefined) header(replayHeader);
      const ms = input?.timestamp ?? context.now;
      const timestamp =
        timestampLocation === undefined
          ? undefined
          : timestampLocation.unit === 'rfc3339'
            ? new Date(ms).toISOString()
            : String(timestampLocation.unit === 'ms' ? ms : Math.floor(ms / 1000));
      if (json !== undefined && timestampJson !== undefined)
        setJson(json, timestampJson, timestamp as string);
      // The URL: a signed query parameter left out gets a fresh UUID, as a signed header does.
      let url = input?.url ?? '/';
      let publicUrl: { base: SignedBase; path: string } | undefined;
      if (readsPublicUrl) {
        publicUrl = publicUrlToSign(url, configuredBase, name);
        url = urlOf(publicUrl.base, publicUrl.base.userInfo, publicUrl.path, false);
      }
      let query: FormEntry[] | undefined;
      // A JSON body is final only once its signed fields are in: its {body} part comes after.
      let body = json === undefined ? bodyOf(input, isForm) : '';
      const message = render(template, {
        body,
        timestamp,
        method: input?.method ?? 'POST',
        url,
        header,
        query: (parameter) => {
          query ??= queryEntries(url);
          if (!query.some(([key]) => key === parameter)) {
            const value = context.randomUUID();
            url = `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(parameter)}=${value}`;
            query.push([parameter, value]);
          }
          return queryValue(query, parameter, name);
        },
        json: (path) => {
          const value = jsonText(json, path, name);
          if (value !== undefined) return value;
          const fresh = context.randomUUID();
          setJson(json as Record<string, unknown>, path, fresh);
          return fresh;
        },
        publicUrl: () => {
          const { base, path } = publicUrl as { base: SignedBase; path: string };
          return publicUrlPart(base, path);
        },
      });
      if (json !== undefined) {
        body = JSON.stringify(json);
        for (const [index, part] of template.entries())
          if (part.kind === 'body') message[index] = { label: 'body', value: body };
      }
      const signed = (key?: Key) =>
        `${prefix}${family.produce(message, key === undefined ? context : withKey(context, key))}`;
      if (signature.kind === 'json') {
        setJson(json as Record<string, unknown>, signature.paths[0] as string, signed());
        body = JSON.stringify(json);
      } else if (signature.kind === 'numbered') {
        family.keys.forEach((key, index) => {
          headers[signature.header.replace('{n}', String(index + 1))] = signed(key);
        });
      } else if (signature.kind === 'keyed') {
        keyed.forEach((keyedHeader, index) => {
          headers[keyedHeader] = signed(family.keys[index]);
        });
      } else if (list !== undefined) {
        const encoded = family.produce(message, context);
        const { separator, assign, version } = list;
        const entries = [`${version}${assign}${encoded}`];
        if (timestampEntry !== undefined) entries.unshift(`${timestampEntry}${assign}${timestamp}`);
        headers[signatureHeader] = entries.join(separator);
      } else {
        headers[signatureHeader] = signed();
      }
      if (timestampHeader !== undefined) headers[timestampHeader] = timestamp as string;
      return readsQuery || readsPublicUrl ? { headers, body, url } : { headers, body };
    },
  });
}

/**
 * The body `sign` sends when it writes nothing into a JSON body: a form's fields encoded,
 * text or bytes as they are, any other value as JSON.
 */
function bodyOf(input: HmacSignInput | undefined, isForm: boolean): string | Uint8Array {
  return isForm &&
    input?.body !== null &&
    typeof input?.body === 'object' &&
    !(input.body instanceof Uint8Array)
    ? new URLSearchParams(input.body as Record<string, string>).toString()
    : bodyToSend(input?.body);
}
