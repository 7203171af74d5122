#!/usr/bin/env node
// Writes test/vectors/woocommerce.json: WooCommerce's `X-WC-Webhook-Signature: <base64>`,
// the HMAC-SHA256 of the body as sent, `trim(wp_json_encode($payload))`, under the webhook's
// secret (woocommerce `WC_Webhook::deliver` and `generate_signature`). `wp_json_encode`
// escapes `/` and non-ASCII (`https:\/\/…`, `\u00eb`): the body below is written the way
// it arrives. The secret has the shape WooCommerce generates when the field is left blank
// (`wp_generate_password( 50, true, true )`: 50 characters, spaces and commas included).
// WooCommerce publishes no Node verifier and no example signature, so these are independent
// vectors: HMAC through node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-woocommerce.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/woocommerce';
const SECRET = 'k3,9 Q!x@M<p>{w}~T=z;:/?|Ab7 c,D2&e(F)g[H]i-J_kLmN';
if (SECRET.length !== 50) throw new Error('WooCommerce generates 50 characters');
const mac = (
  /** @type {string} */ key,
  /** @type {string} */ body,
  /** @type {string} */ algorithm = 'sha256',
) => createHmac(algorithm, key).update(body, 'utf8');

const BODY =
  '{"id":727,"parent_id":0,"status":"processing","currency":"USD","date_created":"2023-11-14T22:13:20","total":"100.00","customer_id":0,"billing":{"first_name":"Zo\\u00eb","last_name":"Smith","email":"zoe@example.com"},"payment_method":"bacs","line_items":[{"id":315,"name":"Woo Album #1","product_id":93,"quantity":1,"total":"100.00"}],"_links":{"self":[{"href":"https:\\/\\/shop.example\\/wp-json\\/wc\\/v3\\/orders\\/727"}]}}';
const RESERIALISED = JSON.stringify(JSON.parse(BODY));
if (RESERIALISED === BODY) throw new Error('the body must differ from its re-serialisation');
const signature = mac(SECRET, BODY).digest('base64');

const request = (/** @type {string | undefined} */ value, /** @type {string} */ body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    'x-wc-webhook-source': 'https://shop.example/',
    'x-wc-webhook-topic': 'order.created',
    'x-wc-webhook-resource': 'order',
    'x-wc-webhook-event': 'created',
    'x-wc-webhook-id': '42',
    'x-wc-webhook-delivery-id': 'b7f1c1e0a3d44e2e9b1f6c2a8d5e4f30',
    ...(value === undefined ? {} : { 'x-wc-webhook-signature': value }),
  },
  body,
});

const vectors = {
  scheme: 'woocommerce',
  source:
    'independent vectors: HMAC-SHA256, base64, through node:crypto over a body encoded as wp_json_encode does (test/vectors/generate-woocommerce.mjs); WooCommerce publishes no Node verifier and no example signature',
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts an order.created delivery, slashes and non-ASCII escaped as WooCommerce sends them',
      request: request(signature),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature },
    },
    {
      name: 'accepts the second of two secrets while rotating',
      options: { secret: ['another-woocommerce-secret', SECRET] },
      request: request(signature),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'accepts HMAC-SHA512 where the site filters woocommerce_webhook_hash_algorithm and the route says so',
      options: { secret: SECRET, algorithm: 'sha512' },
      request: request(mac(SECRET, BODY, 'sha512').digest('base64')),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects HMAC-SHA512 on a route left at the default SHA-256',
      request: request(mac(SECRET, BODY, 'sha512').digest('base64')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a changed total',
      request: request(
        signature,
        BODY.replace('"total":"100.00","customer_id"', '"total":"1.00","customer_id"'),
      ),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(mac('another-woocommerce-secret', BODY).digest('base64')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the digest in hex: WooCommerce writes base64',
      request: request(mac(SECRET, BODY).digest('hex')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a signature over JSON.stringify of the parsed body: not the bytes WooCommerce signed',
      request: request(mac(SECRET, RESERIALISED).digest('base64')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without X-WC-Webhook-Signature',
      request: request(undefined),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(
  new URL('woocommerce.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
