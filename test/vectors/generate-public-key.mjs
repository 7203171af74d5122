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
  return { seed, raw, sign: (/** @type {string} */ message) => sign(null, Buffer.from(message), privateKey) };
}

/** @param {string} name @param {object} vectors */
function write(name, vectors) {
  writeFileSync(new URL(`${name}.json`, HERE), `${JSON.stringify(vectors, null, 2)}\n`);
}

// Discord: X-Signature-Ed25519 = hex Ed25519(timestamp + body), key as 64 hex characters.
{
  const key = ed25519('hookguard vectors discord');
  const other = ed25519('hookguard vectors discord, another application');
  const timestamp = '1700000000';
  const now = 1_700_000_000_000;
  const body = '{"type":1,"id":"1","application_id":"2","token":"t","version":1}';
  const signature = key.sign(timestamp + body).toString('hex');
  const request = (/** @type {Record<string, string>} */ headers, text = body) => ({
    method: 'POST',
    url: '/webhooks/discord',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
  const signed = { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
  write('discord', {
    scheme: 'discord',
    options: { publicKey: key.raw.toString('hex'), privateKey: key.seed.toString('hex') },
    cases: [
      {
        name: 'accepts a PING signed over timestamp + body',
        request: request(signed),
        now,
        expect: { accepted: true, matchedKey: 0, payload: JSON.parse(body) },
        sign: { input: { body, timestamp: now }, signature },
      },
      {
        name: 'accepts uppercase hex',
        request: request({ ...signed, 'x-signature-ed25519': signature.toUpperCase() }),
        now,
        expect: { accepted: true, matchedKey: 0 },
      },
      {
        name: 'refuses a changed body',
        request: request(signed, body.replace('"type":1', '"type":2')),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses another timestamp (it is signed)',
        request: request({ ...signed, 'x-signature-timestamp': '1700000001' }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: "refuses another application's signature",
        request: request({
          ...signed,
          'x-signature-ed25519': other.sign(timestamp + body).toString('hex'),
        }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'accepts during rotation with the second key',
        options: { publicKey: [other.raw.toString('hex'), key.raw.toString('hex')] },
        request: request(signed),
        now,
        expect: { accepted: true, matchedKey: 1 },
      },
      {
        name: 'refuses a signature of the wrong length',
        request: request({ ...signed, 'x-signature-ed25519': signature.slice(0, 64) }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses a request without the timestamp',
        request: request({ 'x-signature-ed25519': signature }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: 'refuses a request without the signature',
        request: request({ 'x-signature-timestamp': timestamp }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: 'refuses an interaction signed 10 minutes ago',
        request: request(signed),
        now: now + 600_000,
        expect: { code: 'timestamp_out_of_tolerance' },
      },
    ],
  });
}
