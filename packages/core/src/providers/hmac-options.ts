import type { SignatureEncoding } from '../crypto/encoding.js';
import type { HmacAlgorithm } from '../crypto/hmac.js';
import type { Handshake } from '../handshake/handshake.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { MediaType } from '../request/media-type.js';
import type { SignedHttpRequest } from '../signed-request.js';

/**
 * The options of an `hmac()` scheme and of every header-signed scheme built the same way
 * (`headerSignedScheme`): where the signature and the timestamp are, the message template,
 * the secrets; and what its `sign` takes and returns.
 */
/**
 * The signature in one header, such as `x-hub-signature-256`. With `{n}` in the name
 * (`x-docusign-signature-{n}`), the numbered headers `-1`, `-2`, … up to the first one
 * missing (at most 100), each a signature any of which may match: DocuSign sends one per
 * HMAC key. `sign` then writes one per configured secret.
 */
export interface HmacHeaderSignature {
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
 * One header per configured secret, each checked only with the secret at its position:
 * Box's `['box-signature-primary', 'box-signature-secondary']` with `secret: [primary,
 * secondary]`. Either may match; `sign` writes one per configured secret.
 */
export interface HmacKeyedHeadersSignature {
  readonly headersByKey: readonly string[];
  readonly prefix?: string;
}

/**
 * The signature inside the JSON body, at a dot path (Mailgun's `signature.signature`); with
 * several paths, each is a signature any of which may match (Mailgun's `parent-signature`,
 * made with the parent account's key). `sign` writes the first.
 */
export interface HmacJsonSignature {
  readonly json: string | readonly string[];
  readonly prefix?: string;
}

/** Where the signature is, and how it is written. */
export type HmacSignatureLocation =
  | HmacHeaderSignature
  | HmacKeyedHeadersSignature
  | HmacJsonSignature;

/**
 * How a signed timestamp is written: epoch seconds, epoch milliseconds, or an RFC 3339
 * instant with a zone and up to nine fraction digits (Twitch's `2019-11-16T10:11:12.634234626Z`).
 */
export type HmacTimestampUnit = 's' | 'ms' | 'rfc3339';

/** Where the signed timestamp is, and its unit. */
export type HmacTimestampLocation =
  | { readonly header: string; readonly unit: HmacTimestampUnit }
  /** An entry of the signature list (Stripe's `t=`). */
  | { readonly listEntry: string; readonly unit: 's' | 'ms' }
  /**
   * A field of the JSON body, at a dot path (Mailgun's `signature.timestamp`): a string, or an
   * integer.
   */
  | { readonly json: string; readonly unit: HmacTimestampUnit };

/**
 * How a configured secret becomes the key: its UTF-8 bytes, base64 or hex decoded, or
 * Standard Webhooks' `whsec_<base64>`.
 */
export type HmacSecretEncoding = 'utf8' | 'base64' | 'hex' | 'whsec-base64';

/** Options for `hmac()`. */
export interface HmacSchemeOptions extends HeaderSchemeOptions {
  /** The secret; a list while rotating, newest first. */
  readonly secret: SecretInput;
  /**
   * What configuration errors call the secret: a preset's own option (`signingKey`); default
   * `secret`.
   */
  readonly secretOption?: string;
  /**
   * Default `utf8`; `hex` decodes a hex secret (either case) to its bytes; `whsec-base64`
   * strips a `whsec_` prefix and decodes base64 (Standard Webhooks).
   */
  readonly secretEncoding?: HmacSecretEncoding;
  /** Default `sha256`. */
  readonly algorithm?: HmacAlgorithm;
  /** How the signature is written; default `hex`. */
  readonly encoding?: SignatureEncoding;
  /**
   * How `sign` writes a hex signature: `lower` (the default) or `upper` (Authorize.net's
   * `sha512=<HEX>`). Verification reads hex in either case, whatever this says.
   */
  readonly hexCase?: 'lower' | 'upper';
}

/** What every header-signed scheme describes, whatever signs it (see `hmac()`). */
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
   * The string to sign, literal text and these tokens (default `{body}`):
   * - `{body}`: the raw bytes; `{timestamp}`: as received; `{method}`;
   * - `{url}`: the path and query as received;
   * - `{header:<name>}`: a header's value;
   * - `{query:<name>}`: a query parameter of the request URL, decoded as a form value
   *   (Mercado Pago's `data.id`); missing is `missing_signature`, repeated
   *   `malformed_request`. `{query:<name>|lowercase-if-alphanumeric}` lower-cases an ASCII
   *   letters-and-digits value (Mercado Pago's documented rule for `data.id`);
   * - `{json:<dot.path>}`: a string or integer of the JSON body (Mailgun's
   *   `signature.token`); missing is `missing_signature`;
   * - `{publicUrl}`: the full URL the vendor called, `scheme://host/path?query` (HubSpot
   *   v3): `publicUrl` plus the request's path and query, or without it the request's origin
   *   (see `trustProxy`), the default port left out.
   *
   * Slack: `v0:{timestamp}:{body}`; Stripe: `{timestamp}.{body}`.
   */
  readonly message?: string;
  /**
   * For `{publicUrl}`: the public base URL the vendor calls, as configured with it (an
   * origin, Basic-auth credentials as written, and the path prefix a proxy strips); the
   * request's path and query are appended. Set it behind a proxy. Never shown in full (a
   * password in it is hidden).
   */
  readonly publicUrl?: string;
  /**
   * For `{publicUrl}` without `publicUrl`: trust `X-Forwarded-Proto`, `-Host` and `-Port`. Default
   * false.
   */
  readonly trustProxy?: boolean;
  /**
   * For `{publicUrl}`: characters whose `%XX` escapes are decoded in the URL before it is
   * signed (HubSpot v3 decodes `:/?@!$'()*,;`); every other escape stays as received.
   */
  readonly unescapeInUrl?: string;
  /** Seconds of skew allowed each way on the timestamp; default 300, `false` disables. */
  readonly tolerance?: number | false;
  /**
   * What most often causes a mismatch for this vendor, added to the `invalid_signature`
   * message. A `{publicUrl}` scheme also names the URL it signed.
   */
  readonly mismatchHint?: string;
  /**
   * What identifies a delivery for the replay store. Default `'signature'`: what the
   * signature covers (the matched digest; where a request may carry several signatures, the
   * SHA-256 of the signed message).
   * `{ header }`: a delivery-id header that `message` signs (`{header:<name>}`), kept by the
   * vendor across retries, so a re-signed retry is refused too. A header the message does
   * not sign is a `TypeError`: a replay could carry any value in it.
   * `{ json }`: a field of the JSON body that `message` signs (`{json:<path>}`), such as
   * Mailgun's `signature.token`; the same rule.
   * `{ bodyField }`: a top-level string field of the JSON body (so signed with it) that the
   * vendor keeps across re-signed retries, such as Stripe's event `id`.
   */
  readonly replay?:
    | 'signature'
    | { readonly header: string }
    | { readonly json: string }
    | { readonly bodyField: string };
  /** Seconds a replay store remembers a delivery; default twice the tolerance, or a day. */
  readonly replayTtl?: number;
  /**
   * Setup requests the vendor sends, which the adapters answer (`signedHandshake`,
   * `queryChallenge`…; see `Handshake`), tried in this order.
   */
  readonly handshakes?: readonly Handshake[];
}

/** Input to `sign` for an `hmac()` scheme. */
export interface HmacSignInput {
  /**
   * Text or bytes sent as they are, any other value as JSON (or, for a form scheme, a field
   * map). A scheme that reads the JSON body (`{json:…}`, a signature or timestamp in the
   * body) takes an object or its JSON text, and writes those fields into it.
   */
  readonly body?: unknown;
  /** Epoch milliseconds, converted to the scheme's unit; default now. */
  readonly timestamp?: number;
  /** Headers to send and sign; a header the template names but you leave out gets a fresh UUID. */
  readonly headers?: Readonly<Record<string, string>>;
  /** For templates with `{method}`; default `POST`. */
  readonly method?: string;
  /**
   * For templates with `{url}` or `{query:…}`: the path and query (default `/`; a signed
   * query parameter left out gets a fresh UUID). For `{publicUrl}`: an absolute URL, or a
   * path and query when the scheme has a `publicUrl`.
   */
  readonly url?: string;
}

/** What `sign` returns for an `hmac()` scheme. */
export interface HmacSignedRequest extends SignedHttpRequest {
  /**
   * Where the vendor sends it, for a template that signs part of the URL: the path and
   * query with `{query:…}` (the signed parameters in it), the absolute URL with `{publicUrl}`.
   */
  readonly url?: string;
}
