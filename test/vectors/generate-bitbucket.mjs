#!/usr/bin/env node
// Writes test/vectors/bitbucket.json: Bitbucket Cloud's `X-Hub-Signature: sha256=<hex>`, the
// HMAC-SHA256 of the raw body under the webhook's secret. Bitbucket publishes a test vector
// (support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/, "Secure webhooks"): secret
// `It's a Secret to Everybody`, payload `Hello World!`, checked here before anything is
// written. The delivery cases are HMAC-SHA256 through node:crypto under the same secret,
// sharing no code with hookguard.
// Run: node test/vectors/generate-bitbucket.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/bitbucket';
const SECRET = "It's a Secret to Everybody";
const mac = (
  /** @type {string} */ algorithm,
  /** @type {string} */ key,
  /** @type {string} */ body,
) => createHmac(algorithm, key).update(body, 'utf8').digest('hex');

/** Bitbucket's published vector. */
const PUBLISHED = {
  body: 'Hello World!',
  signature: 'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9',
};
if (`sha256=${mac('sha256', SECRET, PUBLISHED.body)}` !== PUBLISHED.signature)
  throw new Error("Bitbucket's published vector does not reproduce");

const BODY =
  '{"push":{"changes":[{"new":{"type":"branch","name":"main","target":{"hash":"709d658dc5b6d6afcd46049c2f332ee3f515a67d"}},"old":{"type":"branch","name":"main","target":{"hash":"1e65c05c1d5171631d92438a13901ca7dae9618c"}},"created":false,"closed":false,"forced":false}]},"repository":{"type":"repository","full_name":"team/repo","uuid":"{f1c2a8d0-6c54-4f38-9d4a-1c1f0a9e6b2d}"},"actor":{"type":"user","display_name":"Emma"}}';
const signature = `sha256=${mac('sha256', SECRET, BODY)}`;

const request = (
  /** @type {Record<string, string>} */ signatureHeaders,
  /** @type {string} */ body = BODY,
) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    'x-event-key': 'repo:push',
    'x-hook-uuid': 'cb3b7d9e-7f0d-4a0c-8f1c-2a3e4b5c6d7e',
    'x-request-uuid': '4a6b8c0d-1e2f-4a5b-8c7d-9e0f1a2b3c4d',
    'x-attempt-number': '1',
    ...signatureHeaders,
  },
  body,
});

const vectors = {
  scheme: 'bitbucket',
  source:
    "Bitbucket's published test vector (support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/, Secure webhooks); the delivery cases through node:crypto (test/vectors/generate-bitbucket.mjs)",
  options: { secret: SECRET },
  sign: [
    {
      name: "signs Bitbucket's published example",
      input: { body: PUBLISHED.body },
      signature: PUBLISHED.signature,
    },
  ],
  cases: [
    {
      name: 'accepts a signed repo:push',
      request: request({ 'x-hub-signature': signature }),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature },
    },
    {
      name: 'accepts uppercase hex',
      request: request({ 'x-hub-signature': `sha256=${signature.slice(7).toUpperCase()}` }),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two secrets while rotating',
      options: { secret: ['another-bitbucket-secret', SECRET] },
      request: request({ 'x-hub-signature': signature }),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed branch',
      request: request(
        { 'x-hub-signature': signature },
        BODY.replace('"name":"main"', '"name":"prod"'),
      ),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request({
        'x-hub-signature': `sha256=${mac('sha256', 'another-bitbucket-secret', BODY)}`,
      }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a sha1= signature in the same header (GitHub’s old format)',
      request: request({ 'x-hub-signature': `sha1=${mac('sha1', SECRET, BODY)}` }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the digest without its sha256= prefix',
      request: request({ 'x-hub-signature': signature.slice(7) }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature in GitHub’s X-Hub-Signature-256 header: not where Bitbucket puts it',
      request: request({ 'x-hub-signature-256': signature }),
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a request without X-Hub-Signature (a webhook with no secret)',
      request: request({}),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('bitbucket.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
