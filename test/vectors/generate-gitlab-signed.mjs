#!/usr/bin/env node
// Writes test/vectors/gitlab-signed.json: GitLab webhooks with a Signing token (GitLab 19.0,
// gitlab-org/gitlab!230944), the Standard Webhooks specification with `webhook-id` equal to
// the delivery's Idempotency-Key. GitLab publishes no Node verifier and no signed example;
// its merge request checks its signatures with the `standardwebhooks` library, so every
// signature here is made by `standardwebhooks` 1.1.1 `Webhook.sign` and every case gets the
// same answer from its `Webhook.verify` (its clock set to the case's instant). Independent
// vectors: no hookguard code is involved.
// Run: node test/vectors/generate-gitlab-signed.mjs
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';

const ROUTE = '/webhooks/gitlab/signed';
const token = (/** @type {string} */ label) =>
  `whsec_${createHash('sha256').update(label).digest('base64')}`;
const TOKEN = token('gitlab signing token vector');
const OTHER = token('another gitlab signing token');
const T = 1_700_000_000;
const NOW = T * 1000;
const ID = '5b9a8f2e-3c41-4d7a-8e6f-0a1b2c3d4e5f';
const BODY =
  '{"object_kind":"merge_request","event_type":"merge_request","user":{"id":1,"username":"root"},"project":{"id":100,"path_with_namespace":"acme/shop"},"object_attributes":{"id":99,"iid":1,"title":"Ship it","action":"merge","state":"merged"}}';

const sign = (/** @type {string} */ secret, id = ID, t = T, body = BODY) =>
  new Webhook(secret).sign(id, new Date(t * 1000), body);

/** Whether standardwebhooks' Webhook.verify accepts the request at `now` (ms). */
function verifierAccepts(
  /** @type {string} */ secret,
  /** @type {Record<string, string>} */ headers,
  /** @type {string} */ body,
  /** @type {number} */ now,
) {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

/** What GitLab sends beside the signature: none of it is signed but webhook-id. */
const headers = (/** @type {string | undefined} */ signature, id = ID, t = T) => ({
  'content-type': 'application/json',
  'x-gitlab-event': 'Merge Request Hook',
  'x-gitlab-event-uuid': '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  'x-gitlab-webhook-uuid': '1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d',
  'x-gitlab-instance': 'https://gitlab.example.com',
  'idempotency-key': id,
  'webhook-id': id,
  'webhook-timestamp': String(t),
  ...(signature === undefined ? {} : { 'webhook-signature': signature }),
});
const request = (/** @type {Record<string, string>} */ fields, body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: fields,
  body,
});

const signature = sign(TOKEN);
const other = sign(OTHER);

const cases = [
  {
    name: 'accepts a merge request event',
    request: request(headers(signature)),
    now: NOW + 1000,
    expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
    sign: { input: { body: BODY, timestamp: NOW, headers: { 'webhook-id': ID } }, signature },
  },
  {
    name: 'accepts any v1 of several',
    request: request(headers(`${other} ${signature}`)),
    now: NOW,
    expect: { accepted: true, matchedKey: 0 },
  },
  {
    name: 'accepts the second of two configured tokens while rotating',
    options: { signingToken: [OTHER, TOKEN] },
    request: request(headers(signature)),
    now: NOW,
    expect: { accepted: true, matchedKey: 1 },
  },
  {
    name: 'rejects a changed project id',
    request: request(headers(signature), BODY.replace('"id":100', '"id":1')),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects the signature of another token',
    request: request(headers(other)),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects another webhook-id',
    request: request(headers(signature, '00000000-0000-4000-8000-000000000000')),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a request 301 s old',
    request: request(headers(signature)),
    now: NOW + 301_000,
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'rejects a request 301 s in the future',
    request: request(headers(signature)),
    now: NOW - 301_000,
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'rejects a request with only X-Gitlab-Token: a secret token is no signature',
    request: request({ ...headers(undefined), 'x-gitlab-token': TOKEN }),
    now: NOW,
    expect: { code: 'missing_signature' },
  },
];

for (const testCase of cases) {
  const tokens = [testCase.options?.signingToken ?? TOKEN].flat();
  const accepted = tokens.some((secret) =>
    verifierAccepts(secret, testCase.request.headers, testCase.request.body, testCase.now),
  );
  if (accepted !== 'accepted' in testCase.expect)
    throw new Error(`standardwebhooks Webhook.verify disagrees with "${testCase.name}"`);
}

const vectors = {
  scheme: 'gitlab.signed',
  source:
    'independent vectors: standardwebhooks 1.1.1 Webhook.sign, every case agreed by its Webhook.verify (test/vectors/generate-gitlab-signed.mjs); GitLab publishes no Node verifier and no signed example',
  options: { signingToken: TOKEN },
  cases,
};

writeFileSync(
  new URL('./gitlab-signed.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
