#!/usr/bin/env node
// Writes test/vectors/clerk.json: Clerk's webhooks, sent by Svix (`svix-id`,
// `svix-timestamp`, `svix-signature: v1,<base64>`). The first case is Svix's published
// example (docs.svix.com, "Verifying Webhooks Manually"); every other signature is made by
// `standardwebhooks` 1.1.1 `Webhook.sign`, the library @clerk/backend verifies with, and
// every case gets the same answer from `@clerk/backend` 3 `verifyWebhook` (its clock set to
// the case's instant, since the library reads Date.now). No hookguard code is involved.
// Run: node test/vectors/generate-clerk.mjs
import { writeFileSync } from 'node:fs';
import { verifyWebhook } from '@clerk/backend/webhooks';
import { svixFamilyCases } from './svix-family-cases.mjs';

const ROUTE = '/webhooks/clerk';
const SECRET = `whsec_${Buffer.from('clerk-vector-signing-secret').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('another-clerk-signing-secret').toString('base64')}`;
const ID = 'msg_2pG4kM8nQ1rT6vX9zB3dF5hJ7L';
const BODY =
  '{"data":{"id":"user_29w83sxmDNGwOuEthce5gg56FcC","object":"user","first_name":"Example","last_name":"Customer","email_addresses":[{"id":"idn_29w83yL7CwVlJXylYLxcslromF1","email_address":"customer@example.com"}],"public_metadata":{"credits":100},"created_at":1700000000000},"object":"event","type":"user.created","timestamp":1700000000000,"instance_id":"ins_2Ys6lXDLmE3xqGTeQ1cCMo7c9Hd"}';

/** Whether @clerk/backend's verifyWebhook accepts the request at `now` (ms). */
async function clerkAccepts(
  /** @type {string} */ secret,
  /** @type {Record<string, string>} */ headers,
  /** @type {string} */ body,
  /** @type {number} */ now,
) {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    await verifyWebhook(
      new Request(`https://merchant.example${ROUTE}`, { method: 'POST', headers, body }),
      {
        signingSecret: secret,
      },
    );
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

const cases = svixFamilyCases({
  vendor: 'Clerk',
  route: ROUTE,
  secret: SECRET,
  other: OTHER,
  id: ID,
  body: BODY,
  event: 'a user.created event',
  tamper: { name: 'rejects changed credits', from: '"credits":100', to: '"credits":1' },
});

// The SDK must agree with every case: accepted where it is accepted, refused elsewhere.
for (const testCase of cases) {
  const secrets = [testCase.sdk?.secret ?? testCase.options?.secret ?? SECRET].flat();
  let accepted = false;
  for (const secret of secrets)
    accepted ||= await clerkAccepts(
      secret,
      testCase.request.headers,
      testCase.request.body,
      testCase.now,
    );
  if (accepted !== 'accepted' in testCase.expect)
    throw new Error(`@clerk/backend verifyWebhook disagrees with "${testCase.name}"`);
}

const vectors = {
  scheme: 'clerk',
  source:
    "Svix's published example, then standardwebhooks 1.1.1 Webhook.sign; every case agreed by @clerk/backend 3.25.0 verifyWebhook (test/vectors/generate-clerk.mjs)",
  options: { secret: SECRET },
  cases: cases.map(({ sdk: _sdk, ...testCase }) => testCase),
};

writeFileSync(new URL('./clerk.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
