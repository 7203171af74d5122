import { platform } from '#platform';
import { decodeBase64, encodeDigest, type SignatureEncoding } from '../crypto/encoding.js';
import type { HmacAlgorithm, MessagePart } from '../crypto/hmac.js';
import { decodePlain, encodePlain } from '../crypto/signature-forms.js';
import { WebhookVerificationError } from '../errors.js';
import type { Handshake } from '../handshake/handshake.js';
import {
  type Key,
  keysFromSecrets,
  type SecretDecoder,
  type SecretInput,
} from '../keys/key-ring.js';
import type { SignatureAlgorithm } from '../platform/platform.js';
import type { IncomingWebhook } from '../request/incoming-webhook.js';
import { type MediaType, parseMediaType } from '../request/media-type.js';
import {
  type DecodedSignature,
  defineWebhookScheme,
  type EncodedForm,
  type ReplayBy,
  resolveReplayTtl,
  type SignContext,
  type WebhookScheme,
} from '../scheme.js';
import { bodyToSend, type SignedHttpRequest } from '../signed-request.js';
import {
  epochMillis,
  epochSeconds,
  isoWithZone,
  type ReceivedTimestamp,
  resolveTolerance,
} from '../time/timestamps.js';

/** Where the signature is, and how it is written. */
export interface HmacSignatureLocation {
  /** The header that carries it, such as `x-hub-signature-256`. */
  readonly header: string;
  /** Text before the signature, such as `sha256=` (GitHub) or `v0=` (Slack). */
  readonly prefix?: string;
  /**
   * Several signatures in one header: entries split on `separator`, each
   * `<name><assign><value>`; those named `version` are candidates, any may match.
   * Stripe: `{ separator: ',', assign: '=', version: 'v1' }` (`t=…,v1=…,v1=…`).
   * Standard Webhooks: `{ separator: ' ', assign: ',', version: 'v1' }` (`v1,… v1,…`).
   */
  readonly list?: { readonly separator: string; readonly assign: string; readonly version: string };
}

/**
 * How a signed timestamp is written: epoch seconds, epoch milliseconds, or an RFC 3339
 * instant with a zone and up to nine fraction digits (Twitch's `2019-11-16T10:11:12.634234626Z`).
 */
export type HmacTimestampUnit = 's' | 'ms' | 'rfc3339';

/** Where the signed timestamp is, and its unit. */
export type HmacTimestampLocation =
  | { readonly header: string; readonly unit: HmacTimestampUnit }
  /** An entry of the signature list (Stripe's `t=`). */
  | { readonly listEntry: string; readonly unit: 's' | 'ms' };

/** How a configured secret becomes the key. */
export type HmacSecretEncoding = 'utf8' | 'base64' | 'whsec-base64';

/** Options for {@link hmac}. */
export interface HmacSchemeOptions extends HeaderSchemeOptions {
  /** The secret; a list while rotating, newest first. */
  readonly secret: SecretInput;
  /** Default `utf8`; `whsec-base64` strips a `whsec_` prefix and decodes base64 (Standard Webhooks). */
  readonly secretEncoding?: HmacSecretEncoding;
  /** Default `sha256`. */
  readonly algorithm?: HmacAlgorithm;
  /** How the signature is written; default `hex`. */
  readonly encoding?: SignatureEncoding;
}

/** What every header-signed scheme describes, whatever signs it (see {@link hmac}). */
export interface HeaderSchemeOptions {
  /** The scheme's id, in errors and replay keys, such as `acme`. */
  readonly name: string;
  /** The vendor; default the name. */
  readonly provider?: string;
  /** Default `json`; `either` takes JSON or a form and parses by Content-Type. */
  readonly mediaType?: MediaType;
  readonly signature: HmacSignatureLocation;
  readonly timestamp?: HmacTimestampLocation;
  /**
   * The string to sign: `{body}` (the raw bytes), `{timestamp}` (as received), `{method}`,
   * `{url}` (path and query as received), `{header:<name>}`, and literal text. Default `{body}`.
   * Slack: `v0:{timestamp}:{body}`; Stripe: `{timestamp}.{body}`.
   */
  readonly message?: string;
  /** Seconds of skew allowed each way on the timestamp; default 300, `false` disables. */
  readonly tolerance?: number | false;
  /**
   * What identifies a delivery for the replay store. Default `'signature'`: what the
   * signature covers (the matched digest; with `signature.list`, where a request may carry
   * several signatures, the SHA-256 of the signed message).
   * `{ header }`: a delivery-id header that `message` signs (`{header:<name>}`), kept by the
   * vendor across retries, so a re-signed retry is refused too. A header the message does
   * not sign is a `TypeError`: a replay could carry any value in it.
   * `{ bodyField }`: a top-level string field of the JSON body (so signed with it) that the
   * vendor keeps across re-signed retries, such as Stripe's event `id`.
   */
  readonly replay?: 'signature' | { readonly header: string } | { readonly bodyField: string };
  /** Seconds a replay store remembers a delivery; default twice the tolerance, or a day. */
  readonly replayTtl?: number;
  /**
   * Setup requests the vendor sends, which the adapters answer (`signedHandshake`,
   * `queryChallenge`…; see `Handshake`), tried in this order.
   */
  readonly handshakes?: readonly Handshake[];
}

/** Input to `sign` for an {@link hmac} scheme. */
export interface HmacSignInput {
  /** Text or bytes sent as they are, any other value as JSON (or, for a form scheme, a field map). */
  readonly body?: unknown;
  /** Epoch milliseconds, converted to the scheme's unit; default now. */
  readonly timestamp?: number;
  /** Headers to send and sign; a header the template names but you leave out gets a fresh UUID. */
  readonly headers?: Readonly<Record<string, string>>;
  /** For templates with `{method}`; default `POST`. */
  readonly method?: string;
  /** For templates with `{url}`: the path and query; default `/`. */
  readonly url?: string;
}

type TemplatePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'body' | 'timestamp' | 'method' | 'url' }
  | { readonly kind: 'header'; readonly name: string };

const TOKEN = /\{(body|timestamp|method|url|header:[A-Za-z0-9-]+)\}/g;

function parseTemplate(template: string, scheme: string, hasTimestamp: boolean): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    if (match.index > last)
      parts.push({ kind: 'literal', text: template.slice(last, match.index) });
    const token = match[1] as string;
    if (token.startsWith('header:'))
      parts.push({ kind: 'header', name: token.slice('header:'.length).toLowerCase() });
    else parts.push({ kind: token as 'body' | 'timestamp' | 'method' | 'url' });
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
      `[hookguard] ${scheme}: message has an unknown {token}; use {body}, {timestamp}, {method}, {url} or {header:<name>}.`,
    );
  }
  if (!hasTimestamp && parts.some((part) => part.kind === 'timestamp')) {
    throw new TypeError(
      `[hookguard] ${scheme}: message uses {timestamp} but no timestamp location is configured.`,
    );
  }
  return parts;
}

const SECRET_DECODERS: Readonly<Record<HmacSecretEncoding, SecretDecoder>> = {
  utf8: (secret) => platform.utf8(secret),
  base64: (secret) => decodeBase64(secret),
  'whsec-base64': (secret) =>
    decodeBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret),
};

/** The fields a template needs from a request, or from sign input. */
interface TemplateValues {
  readonly body: string | Uint8Array;
  readonly timestamp: string | undefined;
  readonly method: string;
  readonly url: string;
  header(name: string): string;
}

function render(template: readonly TemplatePart[], values: TemplateValues): MessagePart[] {
  return template.map((part) => {
    switch (part.kind) {
      case 'literal':
        return { label: 'literal', value: part.text };
      case 'header':
        return { label: part.name, value: values.header(part.name) };
      case 'timestamp':
        return { label: 'timestamp', value: values.timestamp as string };
      default:
        return { label: part.kind, value: values[part.kind] };
    }
  });
}

/** The payload by the request's Content-Type: JSON, a form's fields, or nothing for an empty body. */
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
 * must be one the message signs: an unsigned id would let a replay pass as a new delivery.
 */
function replayIdLocation(
  replay: HmacSchemeOptions['replay'],
  template: readonly TemplatePart[],
  scheme: string,
): { replayHeader?: string; bodyField?: string } {
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
  list: NonNullable<HmacSignatureLocation['list']>,
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
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const name = schemeName(options?.name, 'hmac');
  const algorithm = options.algorithm ?? 'sha256';
  const encoding = options.encoding ?? 'hex';
  const decodeSignature = decodePlain(encoding);
  return headerSignedScheme<TPayload>(options, {
    algorithm,
    keys: keysFromSecrets(
      options.secret,
      'secret',
      name,
      SECRET_DECODERS[options.secretEncoding ?? 'utf8'],
    ),
    // With a signature list a request may carry several signatures, one per key while a
    // secret rolls: a replay could present another key's, so key replays on the message.
    replayBy: options.signature?.list === undefined ? 'digest' : 'message',
    encodingLabel: encoding,
    decode: decodeSignature,
    encode: encodePlain(encoding, algorithm),
    produce: (message, context) => encodeDigest(context.digest(message, context.key()), encoding),
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

/**
 * Everything but the crypto of a scheme whose signature and inputs are in headers (and the
 * body): reading the signature, list and timestamp, rendering the message template, replay
 * ids, payload, and signing. {@link hmac} and {@link publicKeyScheme} give the family.
 */
export function headerSignedScheme<TPayload>(
  options: HeaderSchemeOptions,
  family: SignatureFamily,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const { name } = options;
  const mediaType = options.mediaType ?? 'json';
  const signature = options.signature;
  if (signature === undefined || typeof signature.header !== 'string' || signature.header === '') {
    throw new TypeError(`[hookguard] ${name}: signature.header is required.`);
  }
  const signatureHeader = signature.header.toLowerCase();
  const timestampLocation = options.timestamp;
  const tolerance =
    timestampLocation === undefined ? false : resolveTolerance(options.tolerance, name);
  const template = parseTemplate(
    options.message ?? '{body}',
    name,
    timestampLocation !== undefined,
  );
  const { replayHeader, bodyField } = replayIdLocation(options.replay, template, name);
  const toTimestamp = (raw: string): ReceivedTimestamp =>
    timestampLocation?.unit === 'ms'
      ? epochMillis(raw)
      : timestampLocation?.unit === 'rfc3339'
        ? isoWithZone(raw)
        : epochSeconds(raw);
  const prefix = signature.prefix ?? '';
  const timestampEntry =
    timestampLocation !== undefined && 'listEntry' in timestampLocation
      ? timestampLocation.listEntry
      : undefined;

  return defineWebhookScheme<TPayload, HmacSignInput, SignedHttpRequest>({
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
    signatureFormat: `${prefix}<${family.encodingLabel}>`,
    handshakes: options.handshakes,
    read(request) {
      const value = request.header(signatureHeader);
      let source = `the ${signatureHeader} header`;
      let signatures: string[] = [];
      let listTimestamp: string | undefined;
      if (value !== undefined && value !== '' && signature.list !== undefined) {
        ({ signatures, timestamp: listTimestamp } = readList(
          value,
          signature.list,
          timestampEntry,
          name,
        ));
        if (signatures.length === 0)
          source = `a ${signature.list.version} signature in the ${signatureHeader} header`;
      } else if (value !== undefined && value !== '') {
        // The prefix is checked when decoding: without it the value is invalid, not missing.
        signatures = [value];
      }
      let timestamp: ReceivedTimestamp | undefined;
      if (timestampLocation !== undefined) {
        const raw =
          'header' in timestampLocation
            ? request.requireHeader(timestampLocation.header.toLowerCase())
            : listTimestamp;
        if (raw === undefined || raw === '') {
          throw new WebhookVerificationError(
            'missing_signature',
            `the ${timestampEntry} entry of ${source} is missing.`,
            { provider: name },
          );
        }
        timestamp = toTimestamp(raw);
      }
      const message = render(template, {
        body: request.body,
        timestamp: timestamp?.raw,
        method: request.method,
        url: request.url,
        header: (header) => request.requireHeader(header),
      });
      // Signed: the message template renders this header, checked at configuration time.
      const deliveryId = replayHeader === undefined ? undefined : request.header(replayHeader);
      // One literal, absent parts as undefined: spreading optional parts in costs more
      // than the rest of reading a small request.
      return {
        signatures,
        signatureSource: source,
        timestamp,
        message,
        deliveryId: deliveryId === '' ? undefined : deliveryId,
        payload: () => payloadOf(request) as TPayload,
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
      const body =
        isForm &&
        input?.body !== null &&
        typeof input?.body === 'object' &&
        !(input.body instanceof Uint8Array)
          ? new URLSearchParams(input.body as Record<string, string>).toString()
          : bodyToSend(input?.body);
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
      const message = render(template, {
        body,
        timestamp,
        method: input?.method ?? 'POST',
        url: input?.url ?? '/',
        header,
      });
      const encoded = family.produce(message, context);
      if (signature.list !== undefined) {
        const { separator, assign, version } = signature.list;
        const entries = [`${version}${assign}${encoded}`];
        if (timestampEntry !== undefined) entries.unshift(`${timestampEntry}${assign}${timestamp}`);
        headers[signatureHeader] = entries.join(separator);
      } else {
        headers[signatureHeader] = `${prefix}${encoded}`;
      }
      if (timestampLocation !== undefined && 'header' in timestampLocation)
        headers[timestampLocation.header.toLowerCase()] = timestamp as string;
      return { headers, body };
    },
  });
}
