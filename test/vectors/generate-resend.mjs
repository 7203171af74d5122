#!/usr/bin/env node
// Writes test/vectors/resend.json: Resend's webhooks, sent by Svix (`svix-id`,
// `svix-timestamp`, `svix-signature: v1,<base64>`). The first case is Svix's published
// example (docs.svix.com, "Verifying Webhooks Manually"); every other signature is made by
// `standardwebhooks` 1.1.1 `Webhook.sign`, the library Resend's SDK verifies with, and each
// accepted case is accepted by `resend` 6 `webhooks.verify` (its clock set to the case's
// instant, since the library reads Date.now). No hookguard code is involved.
// Run: node test/vectors/generate-resend.mjs
import { writeFileSync } from 'node:fs';
import { Resend } from 'resend';
import { svixFamilyCases } from './svix-family-cases.mjs';

const ROUTE = '/webhooks/resend';
const SECRET = `whsec_${Buffer.from('resend-vector-signing-secret').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('another-resend-signing-secret').toString('base64')}`;
const ID = 'msg_2nZ1x8Xb3vQ5dW7yK9pL4mR6tC';
const BODY =
  '{"type":"email.delivered","created_at":"2023-11-14T22:13:20.000Z","data":{"email_id":"4ef9a417-02e9-4d39-ad75-9611e0fcc33c","from":"Acme <billing@acme.example>","to":["customer@example.com"],"subject":"Receipt: 100 USD"}}';

const sdk = new Resend('re_vectors_only');

/** Whether resend's webhooks.verify accepts the request at `now` (ms). */
function resendAccepts(
  /** @type {string} */ secret,
  /** @type {Record<string, string>} */ headers,
  /** @type {string} */ body,
  /** @type {number} */ now,
) {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    sdk.webhooks.verify({
      payload: body,
      headers: {
        id: headers['svix-id'] ?? '',
        timestamp: headers['svix-timestamp'] ?? '',
        signature: headers['svix-signature'] ?? '',
      },
      webhookSecret: secret,
    });
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

const cases = svixFamilyCases({
  vendor: 'Resend',
  route: ROUTE,
  secret: SECRET,
  other: OTHER,
  id: ID,
  body: BODY,
  event: 'an email.delivered event',
  tamper: { name: 'rejects a changed subject', from: '100 USD', to: '1 USD' },
});

// The SDK must agree with every case: accepted where it is accepted, refused elsewhere.
for (const testCase of cases) {
  const secrets = testCase.sdk?.secret ?? testCase.options?.secret ?? SECRET;
  const accepted = [secrets]
    .flat()
    .some((secret) =>
      resendAccepts(secret, testCase.request.headers, testCase.request.body, testCase.now),
    );
  if (accepted !== 'accepted' in testCase.expect)
    throw new Error(`resend webhooks.verify disagrees with "${testCase.name}"`);
}

const vectors = {
  scheme: 'resend',
  source:
    "Svix's published example, then standardwebhooks 1.1.1 Webhook.sign; every case agreed by resend 6.38.0 webhooks.verify (test/vectors/generate-resend.mjs)",
  options: { secret: SECRET },
  cases: cases.map(({ sdk: _sdk, ...testCase }) => testCase),
};

writeFileSync(new URL('./resend.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
