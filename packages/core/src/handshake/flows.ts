import { platform } from '#platform';
import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { WebhookVerificationError } from '../errors.js';
import {
  emptyReply,
  type Handshake,
  type HandshakeReply,
  type HandshakeRequest,
  jsonReply,
  textReply,
} from './handshake.js';

/**
 * The shapes of handshake vendors use, as data a preset fills in: which request is the
 * handshake, and what to answer. A preset lists its flows (`handshakes: [...]`); the core
 * tries them in that order (`answerUnsigned`, `answerSigned`).
 */

/** Longest challenge echoed back; vendors send tens of characters. */
const MAX_CHALLENGE_LENGTH = 1024;
// Token characters only (letters, digits and `-._~+/=:`): every vendor's challenge is one
// (Meta's digits, Dropbox's and Slack's letters and digits, Twitch's dashed words, Zoom's
// and Okta's base64, Braintree's hex), and an echoed value can then never carry a space, a
// line break, a quote or markup, whatever the reply's content type.
const CHALLENGE = /^[A-Za-z0-9\-._~+/=:]+$/;

/** A challenge fit to echo: 1–1024 token characters, else `malformed_request`. */
export function challengeText(value: unknown, where: string, request: HandshakeRequest): string {
  if (typeof value === 'string' && value.length <= MAX_CHALLENGE_LENGTH && CHALLENGE.test(value))
    return value;
  throw new WebhookVerificationError(
    'malformed_request',
    `the ${where} of the handshake must be 1 to ${MAX_CHALLENGE_LENGTH} letters, digits or -._~+/=: characters.`,
    { provider: request.provider },
  );
}

/** The verified payload's top-level field, where the payload is a JSON object. */
export function payloadField(payload: unknown, name: string): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  return Object.hasOwn(payload, name) ? (payload as Record<string, unknown>)[name] : undefined;
}

/**
 * What recognises a signed handshake: a field of the verified payload, or a header. The
 * request verified either way, but only a header the scheme signs is authenticated: match on
 * an unsigned one (Twitch's message type) only where the answer is harmless to anyone who
 * holds a verified delivery.
 */
export type SignedMatch =
  | { readonly field: string; readonly equals: string | number }
  | { readonly header: string; readonly equals: string };

/** Options for {@link signedHandshake}. */
export interface SignedHandshakeOptions {
  readonly name: string;
  readonly arrives: string;
  readonly match: SignedMatch;
  /** The answer, from the verified payload. */
  reply(payload: unknown, request: HandshakeRequest): HandshakeReply;
  /** What must be done before the answer is sent (see `Handshake.perform`). */
  perform?(payload: unknown, request: HandshakeRequest): Promise<void>;
}

/**
 * A handshake the vendor signs like any delivery (Slack's `url_verification`, Discord's
 * PING, Zoom's `endpoint.url_validation`, Twitch's `webhook_callback_verification`): tried
 * only once the request verified, recognised by a payload field or a header.
 */
export function signedHandshake(options: SignedHandshakeOptions): Handshake {
  const { name, arrives, match, perform } = options;
  const handshake: Handshake = {
    name,
    signed: true,
    arrives,
    answer(request) {
      const value =
        'field' in match
          ? payloadField(request.payload, match.field)
          : request.header(match.header);
      return value === match.equals ? options.reply(request.payload, request) : undefined;
    },
  };
  if (perform === undefined) return handshake;
  return {
    ...handshake,
    perform: (request) => perform.call(options, request.payload, request),
  };
}

/** A JSON answer echoing the verified payload's field: `{ [as]: payload[field] }`. */
export function echoField(field: string, as: string) {
  return (payload: unknown, request: HandshakeRequest): HandshakeReply =>
    jsonReply({ [as]: challengeText(payloadField(payload, field), `${field} field`, request) });
}

/** Options for {@link queryChallenge}. */
export interface QueryChallengeOptions {
  readonly name: string;
  readonly arrives: string;
  /** The query parameter holding the challenge (`hub.challenge`, `challenge`). */
  readonly challenge: string;
  /** A parameter that must hold this value for the request to be the handshake (`hub.mode=subscribe`). */
  readonly when?: { readonly param: string; readonly equals: string } | undefined;
  /**
   * The verify token the vendor echoes (`hub.verify_token`), compared in constant time with
   * the configured one; a mismatch is `handshake_refused` (403). Undefined: no token.
   */
  readonly token?: { readonly param: string; readonly expected: string } | undefined;
  /** The answer, from the challenge; default the challenge as text. */
  reply?(challenge: string, request: HandshakeRequest): HandshakeReply;
}

/**
 * An unsigned GET challenge (Meta's `hub.challenge`, Dropbox's `challenge`, Braintree's
 * `bt_challenge`): recognised by the method and the query, answered before any signature
 * check. Its answer only echoes what the caller sent, or a MAC of it the vendor asked for;
 * where the vendor sends a verify token, a wrong one is refused.
 */
export function queryChallenge(options: QueryChallengeOptions): Handshake {
  const { name, arrives, challenge, when, token } = options;
  const expected = token === undefined ? undefined : platform.utf8(token.expected);
  return {
    name,
    signed: false,
    arrives,
    answer(request) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
      const value = request.query(challenge);
      if (value === undefined) return undefined;
      if (when !== undefined && request.query(when.param) !== when.equals) return undefined;
      if (token !== undefined && expected !== undefined) {
        const received = platform.utf8(request.query(token.param) ?? '');
        if (!constantTimeEqual(received, expected)) {
          throw new WebhookVerificationError(
            'handshake_refused',
            `the ${token.param} parameter of ${name} does not match the configured verify token.`,
            { provider: request.provider },
          );
        }
      }
      const text = challengeText(value, `${challenge} parameter`, request);
      return options.reply === undefined ? textReply(text) : options.reply(text, request);
    },
  };
}

/** Options for {@link headerChallenge}. */
export interface HeaderChallengeOptions {
  readonly name: string;
  readonly arrives: string;
  /** The header holding the challenge (`x-okta-verification-challenge`). */
  readonly header: string;
  /** The methods it arrives with. */
  readonly methods: readonly string[];
  reply(challenge: string, request: HandshakeRequest): HandshakeReply;
}

/** An unsigned challenge in a header (Okta's one-time verification, Worldline's). */
export function headerChallenge(options: HeaderChallengeOptions): Handshake {
  const { name, arrives, header, methods } = options;
  return {
    name,
    signed: false,
    arrives,
    answer(request) {
      if (!methods.includes(request.method)) return undefined;
      const value = request.header(header);
      if (value === undefined) return undefined;
      return options.reply(challengeText(value, `${header} header`, request), request);
    },
  };
}

/** Options for {@link formFlag}. */
export interface FormFlagOptions {
  readonly name: string;
  readonly arrives: string;
  /** The form field and the value that mark the request (`ssl_check=1`). */
  readonly field: string;
  readonly equals: string;
}

/**
 * An unsigned probe in a form body that wants an empty 200 (Slack's `ssl_check`, which
 * Slack's own Bolt answers before verifying): it learns nothing but that the route is up.
 */
export function formFlag(options: FormFlagOptions): Handshake {
  const { name, arrives, field, equals } = options;
  return {
    name,
    signed: false,
    arrives,
    answer(request) {
      if (request.method !== 'POST') return undefined;
      const type = request.header('content-type')?.split(';', 1)[0]?.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') return undefined;
      return request.formField(field) === equals ? emptyReply() : undefined;
    },
  };
}
