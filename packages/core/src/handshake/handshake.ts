import type { HmacAlgorithm } from '../crypto/hmac.js';

/**
 * What an adapter sends back for a handshake, as is: a status, headers and a text body
 * (JSON already serialised). Never a secret: a handshake answer is computed from what the
 * vendor sent (its challenge) and, where the vendor asks for one, a MAC of it.
 */
export interface HandshakeReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The request as a handshake sees it. */
export interface HandshakeRequest {
  /** The scheme's name, for messages. */
  readonly provider: string;
  /** As received, such as `GET`. */
  readonly method: string;
  /** The query string's parameters (the first of each name). */
  query(name: string): string | undefined;
  /** A header's value; a repeated header is `malformed_request`. */
  header(name: string): string | undefined;
  /** A field of a form body; a repeated field is `malformed_request`. */
  formField(name: string): string | undefined;
  /**
   * Signed handshakes only: the verified payload (the signature and timestamp passed).
   * Unsigned handshakes never see a payload: nothing in them is authenticated.
   */
  readonly payload?: unknown;
  /**
   * The HMAC of `message` under the route's first configured key (Zoom's `encryptedToken`,
   * Braintree's challenge answer); undefined for a scheme without a shared key.
   */
  hmac(algorithm: HmacAlgorithm, message: string): Uint8Array | undefined;
}

/**
 * A setup request a vendor sends before (or besides) real events, which the route must
 * answer itself: Slack's `url_verification`, Discord's PING, Meta's `hub.challenge`…
 *
 * - `signed`: the vendor signs it like any delivery. It is answered only after the
 *   signature, the timestamp and the payload passed, so a forged challenge gets the same
 *   401 as any forged delivery (Discord probes with bad signatures and drops an endpoint
 *   that answers them).
 * - `unsigned`: the vendor cannot sign it (a GET with a token in the query). It is matched
 *   before any signature check, compares what it must in constant time, and its answer
 *   reveals nothing a caller did not send.
 *
 * A handshake is never a delivery: it is not claimed in the replay store, and it reaches
 * the route's handler only when the route asks for it (`handshakes: 'pass'`, signed ones).
 */
export interface Handshake {
  /** Such as `slack.url_verification`: in `explain`, logs and the CLI. */
  readonly name: string;
  readonly signed: boolean;
  /** What the vendor sends, for `explain` and the docs: `POST {"type":"url_verification"}`. */
  readonly arrives: string;
  /**
   * The answer, or undefined when the request is not this handshake. May throw a
   * `WebhookVerificationError` (a wrong verify token: `handshake_refused`).
   */
  answer(request: HandshakeRequest): HandshakeReply | undefined;
  /**
   * Signed handshakes only: what must be done before the answer is sent, once `answer`
   * matched (AWS SNS: GET the signed `SubscribeURL`). A route in `answer` mode awaits it and
   * sends the error it rejects with (a `WebhookVerificationError`) instead of the answer,
   * so the vendor retries; `explain` never runs it. Unsigned handshakes never have one:
   * nothing in them is authenticated.
   */
  perform?(request: HandshakeRequest): Promise<void>;
}

/** A 200 with a JSON body. */
export function jsonReply(value: unknown): HandshakeReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(value),
  };
}

/**
 * A 200 with a text body that echoes what the vendor sent (a challenge). `nosniff`, so a
 * browser never renders an echoed value as HTML (Dropbox asks for the header itself).
 */
export function textReply(text: string): HandshakeReply {
  return {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    body: text,
  };
}

/** A 200 with no body. */
export function emptyReply(): HandshakeReply {
  return { status: 200, headers: {}, body: '' };
}
