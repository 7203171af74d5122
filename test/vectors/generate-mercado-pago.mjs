#!/usr/bin/env node
// Writes test/vectors/mercado-pago.json: `x-signature: ts=<epoch s>,v1=<hex>`, v1 the
// HMAC-SHA256 of `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` with the secret as text,
// data.id taken from the notification URL's query
// (mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks).
// Independent vectors: Mercado Pago publishes no signed example with its inputs (the docs'
// `ts=1704908010,v1=618c…` comes without them), so every signature is HMAC-SHA256 through
// node:crypto from the documented manifest, sharing no code with hookguard. The accepted
// ones were also checked against the source of Mercado Pago's Node validator
// (mercadopago/sdk-nodejs, src/utils/webhook, WebhookSignatureValidator.validate).
// Run: node test/vectors/generate-mercado-pago.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const SECRET = 'mp_vector_secret_signature';
const ROUTE = '/webhooks/mercado-pago';
const NOW = 1_742_505_638_000;
const TS = String(NOW / 1000);
const REQUEST_ID = '2066ca19-c6f1-498a-be75-1923005edd06';

const v1 = (/** @type {string} */ dataId, requestId = REQUEST_ID, ts = TS, secret = SECRET) =>
  createHmac('sha256', secret)
    .update(`id:${dataId};request-id:${requestId};ts:${ts};`)
    .digest('hex');
const header = (/** @type {string} */ hash, ts = TS) => `ts=${ts},v1=${hash}`;

const paymentBody = (/** @type {string} */ id) =>
  JSON.stringify({
    action: 'payment.updated',
    api_version: 'v1',
    data: { id },
    date_created: '2025-03-20T21:20:38Z',
    id: 123456789012,
    live_mode: true,
    type: 'payment',
    user_id: '44444',
  });

const request = (
  /** @type {string | undefined} */ signature,
  /** @type {string} */ dataId,
  /** @type {Record<string, string>} */ extra = {},
  body = paymentBody(dataId),
  query = `?data.id=${dataId}&type=payment`,
) => ({
  method: 'POST',
  url: `${ROUTE}${query}`,
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'x-signature': signature }),
    'x-request-id': REQUEST_ID,
    'user-agent': 'MercadoPago WebHook v1.0 payment',
    ...extra,
  },
  body,
});

const PAYMENT = '105893479561';
const ORDER = 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3';

const vectors = {
  scheme: 'mercado-pago',
  source:
    "independent vectors: HMAC-SHA256 of the documented manifest through node:crypto (test/vectors/generate-mercado-pago.mjs), checked against the source of Mercado Pago's Node validator; Mercado Pago publishes no signed example with its inputs",
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts a payment notification, data.id from the query',
      now: NOW,
      request: request(header(v1(PAYMENT)), PAYMENT),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(paymentBody(PAYMENT)) },
      sign: {
        input: {
          url: `${ROUTE}?data.id=${PAYMENT}&type=payment`,
          headers: { 'x-request-id': REQUEST_ID },
          body: paymentBody(PAYMENT),
          timestamp: NOW,
        },
        signature: header(v1(PAYMENT)),
      },
    },
    {
      name: 'accepts an order id signed as sent, upper case (the SDKs’ reading)',
      now: NOW,
      request: request(header(v1(ORDER)), ORDER),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: "accepts an order id signed lower-cased, with dataIdCase: 'lowercase' (the Orders pages' reading)",
      options: { secret: SECRET, dataIdCase: 'lowercase' },
      now: NOW,
      request: request(header(v1(ORDER.toLowerCase())), ORDER),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects an order id signed lower-cased under the default reading',
      now: NOW,
      request: request(header(v1(ORDER.toLowerCase())), ORDER),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'accepts another body under the same signature: only data.id, x-request-id and ts are signed',
      now: NOW,
      request: request(header(v1(PAYMENT)), PAYMENT, {}, paymentBody('1')),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(paymentBody('1')) },
    },
    {
      name: 'accepts the second of two secrets while rotating',
      options: { secret: ['mp_new_secret', SECRET] },
      now: NOW,
      request: request(header(v1(PAYMENT)), PAYMENT),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects another data.id in the query',
      now: NOW,
      request: request(header(v1(PAYMENT)), '105893479562'),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another x-request-id',
      now: NOW,
      request: request(header(v1(PAYMENT)), PAYMENT, { 'x-request-id': 'another-request' }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      now: NOW,
      request: request(header(v1(PAYMENT, REQUEST_ID, TS, 'another-secret')), PAYMENT),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a ts 301 s old',
      now: NOW + 301_000,
      request: request(header(v1(PAYMENT)), PAYMENT),
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a ts written in milliseconds (read as seconds, it is millennia ahead)',
      now: NOW,
      request: request(header(v1(PAYMENT, REQUEST_ID, String(NOW)), String(NOW)), PAYMENT),
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects data.id read from the body when the query has none (the signature covers the query)',
      now: NOW,
      request: request(header(v1(PAYMENT)), PAYMENT, {}, paymentBody(PAYMENT), '?type=payment'),
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a manifest without its id pair (the docs drop absent pairs; hookguard requires data.id)',
      now: NOW,
      request: request(
        header(
          createHmac('sha256', SECRET).update(`request-id:${REQUEST_ID};ts:${TS};`).digest('hex'),
        ),
        PAYMENT,
        {},
        paymentBody(PAYMENT),
        '?type=payment',
      ),
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects data.id given twice in the query',
      now: NOW,
      request: request(
        header(v1(PAYMENT)),
        PAYMENT,
        {},
        paymentBody(PAYMENT),
        `?data.id=${PAYMENT}&data.id=1&type=payment`,
      ),
      expect: { code: 'malformed_request' },
    },
    {
      name: 'rejects a request without x-request-id',
      now: NOW,
      request: (() => {
        const { 'x-request-id': _, ...headers } = request(header(v1(PAYMENT)), PAYMENT).headers;
        return { ...request(header(v1(PAYMENT)), PAYMENT), headers };
      })(),
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects an x-signature without v1',
      now: NOW,
      request: request(`ts=${TS}`, PAYMENT),
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a request without x-signature',
      now: NOW,
      request: request(undefined, PAYMENT),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(
  new URL('./mercado-pago.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
