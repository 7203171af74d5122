import { hmacDigest, isHmacAlgorithm } from '../crypto/hmac.js';
import type { Key } from '../keys/key-ring.js';
import type { IncomingWebhook } from '../request/incoming-webhook.js';
import type { WebhookDefinition } from '../scheme.js';
import type { Handshake, HandshakeReply, HandshakeRequest } from './handshake.js';

/** A handshake that matched, and what to answer. */
export interface AnsweredHandshake {
  readonly name: string;
  readonly reply: HandshakeReply;
  /**
   * A signed handshake's step to take before the reply is sent (AWS SNS: confirm the
   * subscription); routes in `answer` mode run it. With `handshakes: 'pass'` the handler
   * gets it in `webhook.handshake`: await it, then send `reply`.
   */
  readonly perform?: () => Promise<void>;
}

function queryOf(url: string): URLSearchParams | undefined {
  const start = url.indexOf('?');
  return start === -1 ? undefined : new URLSearchParams(url.slice(start + 1));
}

function firstKey(keys: readonly Key[] | ReadonlyMap<string, Key>): Key | undefined {
  for (const key of keys instanceof Map ? keys.values() : (keys as readonly Key[])) return key;
  return undefined;
}

function handshakeRequest(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  incoming: IncomingWebhook,
  verified: { readonly payload: unknown; readonly key: Key } | undefined,
): HandshakeRequest {
  // The key that verified a signed handshake (the new one, while a secret rolls), else the
  // first configured.
  const key = verified?.key ?? firstKey(definition.keys);
  let query: URLSearchParams | undefined | null = null;
  const request: HandshakeRequest = {
    provider: definition.name,
    method: incoming.method,
    query(name) {
      if (query === null) query = queryOf(incoming.url);
      return query?.get(name) ?? undefined;
    },
    header: (name) => incoming.header(name),
    formField: (name) => incoming.form().single(name),
    hmac(algorithm, message) {
      if (key === undefined || !isHmacAlgorithm(definition.algorithm)) return undefined;
      return hmacDigest(algorithm, key.bytes, [{ label: 'challenge', value: message }]);
    },
  };
  return verified === undefined ? request : { ...request, payload: verified.payload };
}

function firstAnswer(
  handshakes: readonly Handshake[],
  request: HandshakeRequest,
): AnsweredHandshake | undefined {
  for (const handshake of handshakes) {
    const reply = handshake.answer(request);
    if (reply === undefined) continue;
    const { perform } = handshake;
    if (perform === undefined || !handshake.signed) return { name: handshake.name, reply };
    return { name: handshake.name, reply, perform: () => perform.call(handshake, request) };
  }
  return undefined;
}

/**
 * The scheme's unsigned handshakes, tried before any signature check: the answer of the
 * first that recognises the request, or undefined.
 */
export function answerUnsigned(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  incoming: IncomingWebhook,
): AnsweredHandshake | undefined {
  const unsigned = definition.handshakes?.filter((handshake) => !handshake.signed);
  if (unsigned === undefined || unsigned.length === 0) return undefined;
  return firstAnswer(unsigned, handshakeRequest(definition, incoming, undefined));
}

/**
 * The scheme's signed handshakes, tried once the request verified: the answer of the first
 * that recognises the verified payload, or undefined. `key` is the key that verified it.
 */
export function answerSigned(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  incoming: IncomingWebhook,
  verified: { readonly payload: unknown; readonly key: Key },
): AnsweredHandshake | undefined {
  const signed = definition.handshakes?.filter((handshake) => handshake.signed);
  if (signed === undefined || signed.length === 0) return undefined;
  return firstAnswer(signed, handshakeRequest(definition, incoming, verified));
}
