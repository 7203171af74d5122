#!/usr/bin/env node
// Writes test/vectors/docusign.json: `X-DocuSign-Signature-<n>: base64(HMAC-SHA256(key n,
// body))`, one header per active Connect HMAC key
// (developers.docusign.com/platform/webhooks/connect/validate).
// Independent vectors: DocuSign publishes neither an SDK verifier nor a signed example (only
// code samples), so every signature is HMAC-SHA256 through node:crypto, sharing no code with
// hookguard.
// Run: node test/vectors/generate-docusign.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const KEY_1 = 'ds_vector_connect_key_one=';
const KEY_2 = 'ds_vector_connect_key_two=';
const ROUTE = '/webhooks/docusign';

const sign = (/** @type {string} */ key, /** @type {string} */ body) =>
  createHmac('sha256', key).update(body).digest('base64');

const completed = JSON.stringify({
  event: 'envelope-completed',
  apiVersion: 'v2.1',
  uri: '/restapi/v2.1/accounts/8c3f1a2b-0000-4000-8000-000000000001/envelopes/93be49e8-0000-4000-8000-000000000002',
  retryCount: 0,
  configurationId: 10418,
  generatedDateTime: '2023-11-14T22:13:20.0000000Z',
  data: {
    accountId: '8c3f1a2b-0000-4000-8000-000000000001',
    userId: '50d89ab1-0000-4000-8000-000000000003',
    envelopeId: '93be49e8-0000-4000-8000-000000000002',
    envelopeSummary: {
      status: 'completed',
      emailSubject: 'Contrat signé',
      customFields: { amount: '100' },
    },
  },
});

const request = (/** @type {Record<string, string>} */ signatures, body = completed) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'x-authorization-digest': 'HMACSHA256',
    'x-docusign-ac': 'a3f2b9b0-0000-4000-8000-000000000004',
    ...signatures,
  },
  body,
});

const vectors = {
  scheme: 'docusign',
  source:
    'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-docusign.mjs); DocuSign publishes neither an SDK verifier nor a signed example',
  options: { hmacKeys: [KEY_1] },
  cases: [
    {
      name: 'accepts an envelope-completed message by X-DocuSign-Signature-1',
      request: request({ 'x-docusign-signature-1': sign(KEY_1, completed) }),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(completed) },
      sign: { input: { body: completed }, signature: sign(KEY_1, completed) },
    },
    {
      name: 'accepts a message signed with two keys, checked with the second one only',
      options: { hmacKeys: [KEY_2] },
      request: request({
        'x-docusign-signature-1': sign(KEY_1, completed),
        'x-docusign-signature-2': sign(KEY_2, completed),
      }),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts either configured key, whichever header carries it',
      options: { hmacKeys: [KEY_2, KEY_1] },
      request: request({
        'x-docusign-signature-1': sign(KEY_1, completed),
        'x-docusign-signature-2': sign('a-key-not-configured', completed),
      }),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a signature in -3 when -2 is missing (headers are read up to the first missing number)',
      request: request({
        'x-docusign-signature-1': sign('a-key-not-configured', completed),
        'x-docusign-signature-3': sign(KEY_1, completed),
      }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a changed amount',
      request: request(
        { 'x-docusign-signature-1': sign(KEY_1, completed) },
        completed.replace('"amount":"100"', '"amount":"1"'),
      ),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another key',
      request: request({ 'x-docusign-signature-1': sign(KEY_2, completed) }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a hex signature (DocuSign sends base64)',
      request: request({
        'x-docusign-signature-1': createHmac('sha256', KEY_1).update(completed).digest('hex'),
      }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request with no X-DocuSign-Signature-1',
      request: request({}),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('./docusign.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
