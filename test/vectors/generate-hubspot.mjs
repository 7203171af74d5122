#!/usr/bin/env node
// Writes test/vectors/hubspot.json: `X-HubSpot-Signature-v3: base64(HMAC-SHA256(client
// secret, method + URI + body + timestamp))`, `X-HubSpot-Request-Timestamp` in epoch ms, the
// URI the full URL HubSpot called with the escapes it lists decoded
// (developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests).
// Every signature is computed by HubSpot's own SDK, @hubspot/api-client
// (Signature.getSignature), given the URI as HubSpot's docs say to build it; HubSpot
// publishes no v3 example (its docs' worked examples are v1 and v2).
// Run: node test/vectors/generate-hubspot.mjs
import { writeFileSync } from 'node:fs';
import { Signature } from '@hubspot/api-client';

const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const PUBLIC_URL = 'https://merchant.example';
const ROUTE = '/webhooks/hubspot';
const NOW = 1_700_000_000_000;

const v3 = (
  /** @type {string} */ method,
  /** @type {string} */ url,
  /** @type {string} */ requestBody,
  timestamp = NOW,
  clientSecret = SECRET,
) =>
  Signature.getSignature(method, 'v3', {
    signature: '',
    clientSecret,
    requestBody,
    url,
    timestamp,
  });

const request = (
  /** @type {string | undefined} */ signature,
  /** @type {string} */ body,
  { method = 'POST', url = ROUTE, timestamp = String(NOW) } = {},
) => ({
  method,
  url,
  headers: {
    ...(body === '' ? {} : { 'content-type': 'application/json' }),
    ...(signature === undefined ? {} : { 'x-hubspot-signature-v3': signature }),
    ...(timestamp === '' ? {} : { 'x-hubspot-request-timestamp': timestamp }),
    'x-hubspot-signature-version': 'v1',
  },
  body,
});

const events = JSON.stringify([
  {
    eventId: 1,
    subscriptionId: 12345,
    portalId: 62515,
    occurredAt: 1564113600000,
    subscriptionType: 'contact.creation',
    attemptNumber: 0,
    objectId: 123,
    changeSource: 'CRM',
    changeFlag: 'NEW',
    appId: 54321,
  },
]);
const card = '';
const cardPath = `${ROUTE}?userId=12345&portalId=62515&associatedObjectId=53701&associatedObjectType=CONTACT`;
// HubSpot decodes %3A and %2F (among others) before signing; %20 stays.
const escapedPath = `${ROUTE}?redirect=https%3A%2F%2Fapp.example%2Fdone&label=a%20b`;
const decodedUrl = `${PUBLIC_URL}${ROUTE}?redirect=https://app.example/done&label=a%20b`;

const vectors = {
  scheme: 'hubspot',
  source:
    "independent vectors, each signature computed by @hubspot/api-client 13's Signature.getSignature (test/vectors/generate-hubspot.mjs); HubSpot publishes no v3 example",
  options: { clientSecret: SECRET, publicUrl: PUBLIC_URL },
  cases: [
    {
      name: 'accepts a contact.creation webhook (a JSON array of events)',
      now: NOW,
      request: request(v3('POST', `${PUBLIC_URL}${ROUTE}`, events), events),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(events) },
      sign: {
        input: { url: ROUTE, body: events, timestamp: NOW },
        signature: v3('POST', `${PUBLIC_URL}${ROUTE}`, events),
      },
    },
    {
      name: 'accepts a CRM card GET with a query and no body',
      now: NOW,
      request: request(v3('GET', `${PUBLIC_URL}${cardPath}`, card), card, {
        method: 'GET',
        url: cardPath,
      }),
      expect: { accepted: true, matchedKey: 0 },
      sign: {
        input: { url: cardPath, method: 'GET', timestamp: NOW },
        signature: v3('GET', `${PUBLIC_URL}${cardPath}`, card),
      },
    },
    {
      name: 'accepts a URL whose %3A and %2F HubSpot decodes before signing (%20 stays)',
      now: NOW,
      request: request(v3('POST', decodedUrl, events), events, { url: escapedPath }),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts a public URL with a path prefix a proxy strips',
      options: { clientSecret: SECRET, publicUrl: `${PUBLIC_URL}/hubspot` },
      now: NOW,
      request: request(v3('POST', `${PUBLIC_URL}/hubspot${ROUTE}`, events), events),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two secrets while rotating',
      options: { clientSecret: ['new-client-secret', SECRET], publicUrl: PUBLIC_URL },
      now: NOW,
      request: request(v3('POST', `${PUBLIC_URL}${ROUTE}`, events), events),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'accepts a timestamp 299 s old',
      now: NOW + 299_000,
      request: request(v3('POST', `${PUBLIC_URL}${ROUTE}`, events), events),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects a timestamp 301 s old (HubSpot: reject older than 5 minutes)',
      now: NOW + 301_000,
      request: request(v3('POST', `${PUBLIC_URL}${ROUTE}`, events), events),
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a URL signed with its escapes left encoded',
      now: NOW,
      request: request(v3('POST', `${PUBLIC_URL}${escapedPath}`, events), events, {
        url: escapedPath,
      }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a changed body',
      now: NOW,
      request: request(
        v3('POST', `${PUBLIC_URL}${ROUTE}`, events),
        events.replace('"objectId":123', '"objectId":124'),
      ),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another method',
      now: NOW,
      request: request(v3('PUT', `${PUBLIC_URL}${ROUTE}`, events), events),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another timestamp than the one signed',
      now: NOW,
      request: request(v3('POST', `${PUBLIC_URL}${ROUTE}`, events), events, {
        timestamp: String(NOW + 1),
      }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a signature made for another URL (http instead of https)',
      now: NOW,
      request: request(v3('POST', `http://merchant.example${ROUTE}`, events), events),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      now: NOW,
      request: request(v3('POST', `${PUBLIC_URL}${ROUTE}`, events, NOW, 'another-secret'), events),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without X-HubSpot-Request-Timestamp',
      now: NOW,
      request: request(v3('POST', `${PUBLIC_URL}${ROUTE}`, events), events, { timestamp: '' }),
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a request with only the v1 X-HubSpot-Signature (no timestamp, so not read)',
      now: NOW,
      request: {
        ...request(undefined, events),
        headers: {
          'content-type': 'application/json',
          'x-hubspot-request-timestamp': String(NOW),
          'x-hubspot-signature': Signature.getSignature('POST', 'v1', {
            signature: '',
            clientSecret: SECRET,
            requestBody: events,
          }),
          'x-hubspot-signature-version': 'v1',
        },
      },
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('./hubspot.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
