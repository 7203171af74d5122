#!/usr/bin/env node
// Writes test/vectors/box.json: `box-signature-primary: base64(HMAC-SHA256(primary key, body
// + box-delivery-timestamp))`, and `box-signature-secondary` the same with the secondary key
// (developer.box.com/guides/webhooks/v2/signatures-v2).
// Independent vectors: Box publishes no signed example, so every signature is HMAC-SHA256
// through node:crypto, sharing no code with hookguard. Each case is also put to Box's own
// Node SDK (box-node-sdk WebhooksManager.validateMessage, with its clock set to the case's
// time), and the generator stops if the SDK disagrees, except where hookguard is stricter
// and the case says so.
// Run: node test/vectors/generate-box.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { WebhooksManager } from 'box-node-sdk/managers/webhooks';

const PRIMARY = 'box_vector_primary_key';
const SECONDARY = 'box_vector_secondary_key';
const ROUTE = '/webhooks/box';
const NOW = 1_700_000_000_000;
const DELIVERED = '2023-11-14T14:13:20-08:00';

const sign = (/** @type {string} */ key, /** @type {string} */ body, timestamp = DELIVERED) =>
  createHmac('sha256', key).update(body).update(timestamp).digest('base64');

const event = JSON.stringify({
  type: 'webhook_event',
  id: 'e3d1c9b2-7f00-4a2c-9d5e-6b8a1f2c3d4e',
  created_at: '2023-11-14T14:13:19-08:00',
  trigger: 'FILE.UPLOADED',
  webhook: { id: '1234567', type: 'webhook' },
  created_by: { type: 'user', id: '22222', name: 'Ana Lima', login: 'ana@example.com' },
  source: {
    id: '987654321',
    type: 'file',
    name: 'Relatório/2023.pdf',
    size: 100,
    path_collection: { total_count: 1, entries: [{ type: 'folder', id: '0', name: 'All Files' }] },
  },
});
// Box's SDKs also try the body with non-ASCII escaped as \uXXXX and `/` as `\/`.
const escaped = event
  .replace(/[\u007f-\uffff]/g, (char) => `\\u${`0000${char.charCodeAt(0).toString(16)}`.slice(-4)}`)
  .replace(/(?<!\\)\//g, '\\/');

const request = (
  /** @type {Record<string, string | undefined>} */ signatures,
  body = event,
  /** @type {Record<string, string | undefined>} */ extra = {},
) => ({
  method: 'POST',
  url: ROUTE,
  headers: Object.fromEntries(
    Object.entries({
      'content-type': 'application/json; charset=UTF-8',
      'box-delivery-id': 'f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f',
      'box-delivery-timestamp': DELIVERED,
      'box-signature-algorithm': 'HmacSHA256',
      'box-signature-version': '1',
      ...signatures,
      ...extra,
    }).filter(([, value]) => value !== undefined),
  ),
  body,
});

const both = { primaryKey: PRIMARY, secondaryKey: SECONDARY };
const cases = [
  {
    name: 'accepts a FILE.UPLOADED event by its primary signature',
    now: NOW,
    request: request({
      'box-signature-primary': sign(PRIMARY, event),
      'box-signature-secondary': sign(SECONDARY, event),
    }),
    options: both,
    expect: { accepted: true, matchedKey: 0, payload: JSON.parse(event) },
    sign: {
      input: { body: event, timestamp: Date.parse(DELIVERED) },
      // sign writes the timestamp in UTC: the signature is over that text.
      signature: sign(PRIMARY, event, new Date(Date.parse(DELIVERED)).toISOString()),
    },
  },
  {
    name: 'accepts the secondary signature, with the secondary key, when the primary is wrong',
    now: NOW,
    options: both,
    request: request({
      'box-signature-primary': sign('an-old-primary-key', event),
      'box-signature-secondary': sign(SECONDARY, event),
    }),
    expect: { accepted: true, matchedKey: 1 },
  },
  {
    name: 'accepts the secondary signature alone',
    now: NOW,
    options: both,
    request: request({ 'box-signature-secondary': sign(SECONDARY, event) }),
    expect: { accepted: true, matchedKey: 1 },
  },
  {
    name: 'rejects a secondary header signed with the primary key (each header has its own key)',
    now: NOW,
    options: both,
    request: request({ 'box-signature-secondary': sign(PRIMARY, event) }),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a primary header signed with the secondary key',
    now: NOW,
    options: both,
    request: request({ 'box-signature-primary': sign(SECONDARY, event) }),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a secondary signature when no secondary key is configured',
    now: NOW,
    request: request({ 'box-signature-secondary': sign(SECONDARY, event) }),
    expect: { code: 'missing_signature' },
  },
  {
    name: "rejects the signature of the body re-escaped (what Box's SDKs also try, to rescue a re-serialised body)",
    now: NOW,
    request: request({ 'box-signature-primary': sign(PRIMARY, escaped) }),
    expect: { code: 'invalid_signature' },
    sdkAccepts: true,
  },
  {
    name: 'accepts a delivery timestamp 599 s old',
    now: Date.parse(DELIVERED) + 599_000,
    request: request({ 'box-signature-primary': sign(PRIMARY, event) }),
    expect: { accepted: true, matchedKey: 0 },
  },
  {
    name: 'rejects a delivery timestamp 601 s old',
    now: Date.parse(DELIVERED) + 601_000,
    request: request({ 'box-signature-primary': sign(PRIMARY, event) }),
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'accepts a delivery timestamp 5 s ahead of the clock (the SDKs refuse any)',
    now: Date.parse(DELIVERED) - 5_000,
    request: request({ 'box-signature-primary': sign(PRIMARY, event) }),
    expect: { accepted: true, matchedKey: 0 },
    sdkAccepts: false,
  },
  {
    name: 'rejects another delivery timestamp than the one signed',
    now: NOW,
    request: request({ 'box-signature-primary': sign(PRIMARY, event) }, event, {
      'box-delivery-timestamp': '2023-11-14T14:13:21-08:00',
    }),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a changed file size',
    now: NOW,
    request: request(
      { 'box-signature-primary': sign(PRIMARY, event) },
      event.replace('"size":100', '"size":1'),
    ),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects box-signature-version 2',
    now: NOW,
    request: request({ 'box-signature-primary': sign(PRIMARY, event) }, event, {
      'box-signature-version': '2',
    }),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects box-signature-algorithm HmacSHA1',
    now: NOW,
    request: request({ 'box-signature-primary': sign(PRIMARY, event) }, event, {
      'box-signature-algorithm': 'HmacSHA1',
    }),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a request without box-signature-version',
    now: NOW,
    request: request({ 'box-signature-primary': sign(PRIMARY, event) }, event, {
      'box-signature-version': undefined,
    }),
    expect: { code: 'missing_signature' },
  },
  {
    name: 'rejects a request without box-delivery-timestamp',
    now: NOW,
    request: request({ 'box-signature-primary': sign(PRIMARY, event) }, event, {
      'box-delivery-timestamp': undefined,
    }),
    expect: { code: 'missing_signature' },
    sdkAccepts: false,
  },
  {
    name: 'rejects a request with neither signature header',
    now: NOW,
    request: request({}),
    expect: { code: 'missing_signature' },
  },
];

// Box's SDK on each case, at the case's time.
const realNow = Date.now;
for (const testCase of cases) {
  const options = /** @type {{ primaryKey: string, secondaryKey?: string }} */ (
    testCase.options ?? { primaryKey: PRIMARY }
  );
  Date.now = () => testCase.now;
  let sdk;
  try {
    sdk = await WebhooksManager.validateMessage(
      testCase.request.body,
      testCase.request.headers,
      options.primaryKey,
      options.secondaryKey === undefined ? {} : { secondaryKey: options.secondaryKey },
    );
  } catch {
    sdk = false;
  } finally {
    Date.now = realNow;
  }
  const expected = testCase.sdkAccepts ?? 'accepted' in testCase.expect;
  if (sdk !== expected)
    throw new Error(`box-node-sdk says ${sdk} for "${testCase.name}", expected ${expected}`);
  delete testCase.sdkAccepts;
}

const vectors = {
  scheme: 'box',
  source:
    'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-box.mjs), each put to box-node-sdk WebhooksManager.validateMessage; Box publishes no signed example',
  options: { primaryKey: PRIMARY },
  cases,
};

writeFileSync(new URL('./box.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
