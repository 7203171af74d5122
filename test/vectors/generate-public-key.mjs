#!/usr/bin/env node
// Writes test/vectors/<scheme>.json for the public-key schemes: known-answer vectors made
// with OpenSSL (through node:crypto) from fixed keys, sharing no code with hookguard, in the
// same format as generate.py's. Ed25519 is deterministic, so `sign` must reproduce each
// signature exactly. Run: node test/vectors/generate-public-key.mjs
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const HERE = new URL('./', import.meta.url);
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A fixed Ed25519 key pair from a label: seed = SHA-256(label). @param {string} label */
function ed25519(label) {
  const seed = createHash('sha256').update(label).digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
  return {
    seed,
    raw,
    sign: (/** @type {string} */ message) => sign(null, Buffer.from(message), privateKey),
  };
}

/** @param {string} name @param {object} vectors */
function write(name, vectors) {
  writeFileSync(new URL(`${name}.json`, HERE), `${JSON.stringify(vectors, null, 2)}\n`);
}

/**
 * Vectors for an Ed25519 scheme that signs `<timestamp><separator><body>` with the signature
 * and the timestamp in headers (Discord, Telnyx).
 * @param {{ scheme: string, route: string, signatureHeader: string, timestampHeader: string, separator: string, encode: (bytes: Buffer) => string, body: string, tolerance: number }} spec
 */
function timestampedEd25519(spec) {
  const key = ed25519(`hookguard vectors ${spec.scheme}`);
  const other = ed25519(`hookguard vectors ${spec.scheme}, another account`);
  const timestamp = '1700000000';
  const now = 1_700_000_000_000;
  const { body, encode } = spec;
  const signed = (/** @type {ReturnType<typeof ed25519>} */ by, /** @type {string} */ at) =>
    encode(by.sign(at + spec.separator + body));
  const signature = signed(key, timestamp);
  const request = (/** @type {Record<string, string>} */ headers, text = body) => ({
    method: 'POST',
    url: spec.route,
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
  const headers = { [spec.signatureHeader]: signature, [spec.timestampHeader]: timestamp };
  const publicKey = (/** @type {ReturnType<typeof ed25519>} */ pair) => encode(pair.raw);
  return {
    scheme: spec.scheme,
    options: { publicKey: publicKey(key), privateKey: encode(key.seed) },
    cases: [
      {
        name: 'accepts a delivery signed over timestamp, separator and body',
        request: request(headers),
        now,
        expect: { accepted: true, matchedKey: 0, payload: JSON.parse(body) },
        sign: { input: { body, timestamp: now }, signature },
      },
      {
        name: 'refuses a changed body',
        request: request(headers, body.replace('1', '2')),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses another timestamp (it is signed)',
        request: request({ ...headers, [spec.timestampHeader]: '1700000001' }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: "refuses another account's signature",
        request: request({ ...headers, [spec.signatureHeader]: signed(other, timestamp) }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'accepts during rotation with the second key',
        options: { publicKey: [publicKey(other), publicKey(key)] },
        request: request(headers),
        now,
        expect: { accepted: true, matchedKey: 1 },
      },
      {
        name: 'refuses a signature of the wrong length',
        request: request({ ...headers, [spec.signatureHeader]: encode(Buffer.alloc(32, 1)) }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses a request without the timestamp',
        request: request({ [spec.signatureHeader]: signature }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: 'refuses a request without the signature',
        request: request({ [spec.timestampHeader]: timestamp }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: `refuses a delivery signed ${spec.tolerance + 1} s ago`,
        request: request(headers),
        now: now + (spec.tolerance + 1) * 1000,
        expect: { code: 'timestamp_out_of_tolerance' },
      },
    ],
  };
}

// Discord: X-Signature-Ed25519 = hex Ed25519(timestamp + body), the key as 64 hex characters.
write(
  'discord',
  timestampedEd25519({
    scheme: 'discord',
    route: '/webhooks/discord',
    signatureHeader: 'x-signature-ed25519',
    timestampHeader: 'x-signature-timestamp',
    separator: '',
    encode: (bytes) => bytes.toString('hex'),
    body: '{"type":1,"id":"1","application_id":"2","token":"t","version":1}',
    tolerance: 300,
  }),
);

// Telnyx: telnyx-signature-ed25519 = base64 Ed25519(timestamp | body), the key in base64.
write(
  'telnyx',
  timestampedEd25519({
    scheme: 'telnyx',
    route: '/webhooks/telnyx',
    signatureHeader: 'telnyx-signature-ed25519',
    timestampHeader: 'telnyx-timestamp',
    separator: '|',
    encode: (bytes) => bytes.toString('base64'),
    body: '{"data":{"event_type":"message.received","id":"1","payload":{"text":"hi"}}}',
    tolerance: 300,
  }),
);

// Standard Webhooks v1a: webhook-signature = "v1a,<base64 Ed25519(id.timestamp.body)>", the
// key as whpk_<base64>, the seed as whsk_<base64> (spec lines 167–232).
{
  const key = ed25519('hookguard vectors standard-webhooks v1a');
  const other = ed25519('hookguard vectors standard-webhooks v1a, another sender');
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  const timestamp = '1700000000';
  const now = 1_700_000_000_000;
  const body = '{"type":"invoice.paid","data":{"amount":1}}';
  const sig = (/** @type {ReturnType<typeof ed25519>} */ by, text = `${id}.${timestamp}.${body}`) =>
    `v1a,${by.sign(text).toString('base64')}`;
  const signature = sig(key);
  const request = (/** @type {Record<string, string>} */ headers, text = body) => ({
    method: 'POST',
    url: '/webhooks/standard-webhooks-v1a',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      ...headers,
    },
    body: text,
  });
  const whpk = (/** @type {ReturnType<typeof ed25519>} */ pair) =>
    `whpk_${pair.raw.toString('base64')}`;
  write('standard-webhooks-v1a', {
    scheme: 'standard-webhooks.v1a',
    options: { publicKey: whpk(key), privateKey: `whsk_${key.seed.toString('base64')}` },
    cases: [
      {
        name: 'accepts a v1a signature over id.timestamp.body',
        request: request({ 'webhook-signature': signature }),
        now,
        expect: { accepted: true, matchedKey: 0, payload: JSON.parse(body) },
        sign: { input: { body, timestamp: now, headers: { 'webhook-id': id } }, signature },
      },
      {
        name: 'accepts v1a among v1 entries (a sender signing both ways)',
        request: request({ 'webhook-signature': `v1,bm90IGNoZWNrZWQ= ${signature}` }),
        now,
        expect: { accepted: true, matchedKey: 0 },
      },
      {
        name: 'refuses a request with only v1 (symmetric) entries',
        request: request({ 'webhook-signature': 'v1,bm90IGNoZWNrZWQ=' }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: 'refuses a changed body',
        request: request({ 'webhook-signature': signature }, body.replace('1', '2')),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses another webhook-id (it is signed)',
        request: request({ 'webhook-signature': signature, 'webhook-id': 'msg_other' }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: "refuses another sender's signature",
        request: request({ 'webhook-signature': sig(other) }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'accepts during rotation with the second key',
        options: { publicKey: [whpk(other), whpk(key)] },
        request: request({ 'webhook-signature': signature }),
        now,
        expect: { accepted: true, matchedKey: 1 },
      },
      {
        name: 'refuses a message signed 301 s ago',
        request: request({ 'webhook-signature': signature }),
        now: now + 301_000,
        expect: { code: 'timestamp_out_of_tolerance' },
      },
    ],
  });
}
