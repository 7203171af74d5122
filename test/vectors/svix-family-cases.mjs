// @ts-check
// The cases every Svix-sent vendor's vectors share (Clerk's, Resend's): Svix's published
// example, then deliveries signed by `standardwebhooks` 1.1.1 `Webhook.sign` — accepted, a
// rolling secret, a second configured secret, the 300 s window each way, a tampered body,
// another secret, another svix-id, the `webhook-*` headers the vendor does not send, and a
// missing signature. Each generator names its vendor's route, secrets, id, body and tamper,
// and checks every case with its vendor's SDK. No hookguard code is involved.
import { Webhook } from 'standardwebhooks';

export const T = 1_700_000_000;
export const NOW = T * 1000;

/** Svix's published example. */
export const SVIX = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const sign = (
  /** @type {string} */ secret,
  /** @type {string} */ id,
  /** @type {number} */ t,
  /** @type {string} */ body,
) => new Webhook(secret).sign(id, new Date(t * 1000), body);

/**
 * @param {{
 *   vendor: string, route: string, secret: string, other: string, id: string, body: string,
 *   event: string, tamper: { name: string, from: string, to: string },
 * }} vendor
 */
export function svixFamilyCases({
  vendor,
  route: ROUTE,
  secret: SECRET,
  other: OTHER,
  id: ID,
  body: BODY,
  event,
  tamper,
}) {
  const request = (
    /** @type {Record<string, string>} */ headers,
    /** @type {string} */ body = BODY,
  ) => ({
    method: 'POST',
    url: ROUTE,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const svixHeaders = (/** @type {string} */ signature, id = ID, t = T) => ({
    'svix-id': id,
    'svix-timestamp': String(t),
    'svix-signature': signature,
  });

  const signature = sign(SECRET, ID, T, BODY);
  const other = sign(OTHER, ID, T, BODY);

  const cases = [
    {
      name: "accepts Svix's published example",
      options: { secret: SVIX.secret },
      request: request(svixHeaders(SVIX.signature, SVIX.id, SVIX.timestamp), SVIX.body),
      now: SVIX.timestamp * 1000 + 1000,
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(SVIX.body) },
      sign: {
        input: {
          body: SVIX.body,
          timestamp: SVIX.timestamp * 1000,
          headers: { 'svix-id': SVIX.id },
        },
        signature: SVIX.signature,
      },
      sdk: { secret: SVIX.secret },
    },
    {
      name: `accepts ${event}`,
      request: request(svixHeaders(signature)),
      now: NOW + 1000,
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY, timestamp: NOW, headers: { 'svix-id': ID } }, signature },
    },
    {
      name: 'accepts any v1 of several (a secret rolling)',
      request: request(svixHeaders(`${other} ${signature}`)),
      now: NOW,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two configured secrets',
      options: { secret: [OTHER, SECRET] },
      request: request(svixHeaders(signature)),
      now: NOW,
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'accepts a request 300 s old',
      request: request(svixHeaders(signature)),
      now: NOW + 300_000,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: tamper.name,
      request: request(svixHeaders(signature), BODY.replace(tamper.from, tamper.to)),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(svixHeaders(other)),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another svix-id',
      request: request(svixHeaders(signature, 'msg_another')),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request 301 s old',
      request: request(svixHeaders(signature)),
      now: NOW + 301_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a request 301 s in the future',
      request: request(svixHeaders(signature)),
      now: NOW - 301_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: `rejects the webhook-* headers: ${vendor} sends svix-*`,
      request: request({
        'webhook-id': ID,
        'webhook-timestamp': String(T),
        'webhook-signature': signature,
      }),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a request without svix-signature',
      request: request({ 'svix-id': ID, 'svix-timestamp': String(T) }),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
  ];
  return cases;
}
