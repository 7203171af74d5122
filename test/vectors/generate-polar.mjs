#!/usr/bin/env node
// Writes test/vectors/polar.json: Polar's Standard Webhooks headers, under both keys a
// Polar secret can have. Every signature is made by `standardwebhooks` 1.1.1 `Webhook.sign`
// as Polar's server makes it (polarsource/polar server/polar/webhook/tasks.py
// `sign_webhook`): for a legacy secret, with the base64 of its UTF-8 bytes (the key is the
// whole secret's bytes); for a secret generated since 2026-09-08, with the secret itself
// (the key is the base64 after `whsec_`, decoded). Each case is put to the oracle of its
// reading: `@polar-sh/sdk` 0.49 `validateEvent` for legacy keys (a signature it accepts
// fails only later, on the demo body's schema: SDKValidationError), `standardwebhooks`
// `Webhook.verify` for new ones, both with their clocks set to the case's instant. No
// hookguard code is involved.
// Run: node test/vectors/generate-polar.mjs
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { validateEvent, WebhookVerificationError } from '@polar-sh/sdk/webhooks';
import { Webhook } from 'standardwebhooks';

const ROUTE = '/webhooks/polar';
const digest = (/** @type {string} */ label) => createHash('sha256').update(label).digest();
/** A legacy secret as Polar generated them: `whsec_` and 43 URL-safe characters. */
const LEGACY = `whsec_${digest('polar legacy vector secret').toString('base64url')}`;
/** A secret as Polar generates them since 2026-09-08: `whsec_` and the base64 of 32 bytes. */
const STANDARD = `whsec_${digest('polar standard vector secret').toString('base64')}`;
/** A secret typed by hand in Polar's dashboard (legacy). */
const TYPED = 'my own polar webhook secret';
const T = 1_700_000_000;
const NOW = T * 1000;
const ID = '0c1d5e0a-7bd4-4f2a-9d61-3f1e2b9a8c70';
const BODY =
  '{"type":"order.paid","timestamp":"2023-11-14T22:13:20Z","data":{"id":"3f2b6c1e-5d4a-4b8e-9f0a-1c2d3e4f5a6b","status":"paid","total_amount":100,"currency":"usd","billing_reason":"purchase"}}';

/** How Polar's server signs with a secret: the legacy key, or the Standard Webhooks one. */
const sign = (
  /** @type {string} */ secret,
  /** @type {'legacy' | 'standard'} */ reading,
  id = ID,
  t = T,
  body = BODY,
) =>
  new Webhook(reading === 'legacy' ? Buffer.from(secret, 'utf8').toString('base64') : secret).sign(
    id,
    new Date(t * 1000),
    body,
  );

/** The oracle's answer for a request under one secret and reading, at `now` (ms). */
function oracleAccepts(
  /** @type {string} */ secret,
  /** @type {'legacy' | 'standard'} */ reading,
  /** @type {Record<string, string>} */ headers,
  /** @type {string} */ body,
  /** @type {number} */ now,
) {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    if (reading === 'standard') new Webhook(secret).verify(body, headers);
    else validateEvent(body, headers, secret);
    return true;
  } catch (error) {
    // validateEvent checks the signature, then parses the event against Polar's schemas.
    return reading === 'legacy' && !(error instanceof WebhookVerificationError);
  } finally {
    Date.now = realNow;
  }
}

const headers = (/** @type {string} */ signature, id = ID, t = T) => ({
  'content-type': 'application/json',
  'webhook-id': id,
  'webhook-timestamp': String(t),
  'webhook-signature': signature,
  'webhook-api-version': '2025-10-01',
});
const request = (/** @type {Record<string, string>} */ fields, body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: fields,
  body,
});

const legacy = sign(LEGACY, 'legacy');
const standard = sign(STANDARD, 'standard');
const typed = sign(TYPED, 'legacy');
const standardSignedLegacy = sign(STANDARD, 'legacy');
const signInput = { body: BODY, timestamp: NOW, headers: { 'webhook-id': ID } };

/** @type {{ oracle: [string, 'legacy' | 'standard'], [key: string]: any }[]} */
const cases = [
  {
    name: 'accepts a legacy secret: the key is its UTF-8 bytes, as validateEvent reads it',
    oracle: [LEGACY, 'legacy'],
    request: request(headers(legacy)),
    now: NOW + 1000,
    expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
    sign: { input: signInput, signature: legacy },
  },
  {
    name: 'accepts a secret of the 2026-09-08 shape: the key is the base64 after whsec_',
    options: { secret: STANDARD },
    oracle: [STANDARD, 'standard'],
    request: request(headers(standard)),
    now: NOW + 1000,
    expect: { accepted: true, matchedKey: 0 },
    sign: { input: signInput, signature: standard },
  },
  {
    name: 'accepts a secret typed in the dashboard (legacy)',
    options: { secret: TYPED },
    oracle: [TYPED, 'legacy'],
    request: request(headers(typed)),
    now: NOW,
    expect: { accepted: true, matchedKey: 0 },
    sign: { input: signInput, signature: typed },
  },
  {
    name: "refuses a new-shape secret's legacy signature by default",
    options: { secret: STANDARD },
    oracle: [STANDARD, 'standard'],
    request: request(headers(standardSignedLegacy)),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: "accepts a new-shape secret's legacy signature with secretEncoding utf8",
    options: { secret: STANDARD, secretEncoding: 'utf8' },
    oracle: [STANDARD, 'legacy'],
    request: request(headers(standardSignedLegacy)),
    now: NOW,
    expect: { accepted: true, matchedKey: 0 },
  },
  {
    name: 'accepts the new reading with secretEncoding whsec-base64',
    options: { secret: STANDARD, secretEncoding: 'whsec-base64' },
    oracle: [STANDARD, 'standard'],
    request: request(headers(standard)),
    now: NOW,
    expect: { accepted: true, matchedKey: 0 },
  },
  {
    name: 'accepts the second of two secrets, one of each shape, while rotating',
    options: { secret: [STANDARD, LEGACY] },
    oracle: [LEGACY, 'legacy'],
    request: request(headers(legacy)),
    now: NOW,
    expect: { accepted: true, matchedKey: 1 },
  },
  {
    name: 'accepts any v1 of several',
    oracle: [LEGACY, 'legacy'],
    request: request(headers(`${standard} ${legacy}`)),
    now: NOW,
    expect: { accepted: true, matchedKey: 0 },
  },
  {
    name: 'rejects a changed amount',
    oracle: [LEGACY, 'legacy'],
    request: request(headers(legacy), BODY.replace('"total_amount":100', '"total_amount":1')),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects another webhook-id',
    oracle: [LEGACY, 'legacy'],
    request: request(headers(legacy, 'f0e1d2c3-b4a5-4697-8877-665544332211')),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a request 301 s old',
    oracle: [LEGACY, 'legacy'],
    request: request(headers(legacy)),
    now: NOW + 301_000,
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'rejects a request without webhook-signature',
    oracle: [LEGACY, 'legacy'],
    request: request({
      'content-type': 'application/json',
      'webhook-id': ID,
      'webhook-timestamp': String(T),
    }),
    now: NOW,
    expect: { code: 'missing_signature' },
  },
];

for (const testCase of cases) {
  const [secret, reading] = testCase.oracle;
  const accepted = oracleAccepts(
    secret,
    reading,
    testCase.request.headers,
    testCase.request.body,
    testCase.now,
  );
  if (accepted !== 'accepted' in testCase.expect)
    throw new Error(`Polar's oracle (${reading}) disagrees with "${testCase.name}"`);
}

const vectors = {
  scheme: 'polar',
  source:
    "standardwebhooks 1.1.1 Webhook.sign as Polar's server signs, legacy and new keys; every case agreed by @polar-sh/sdk 0.49.0 validateEvent (legacy) or standardwebhooks Webhook.verify (new) (test/vectors/generate-polar.mjs)",
  options: { secret: LEGACY },
  cases: cases.map(({ oracle: _oracle, ...testCase }) => testCase),
};

writeFileSync(new URL('./polar.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
