#!/usr/bin/env node
// Writes test/vectors/payu.json: PayU India's reverse hash, the `hash` field: the hex
// SHA-512 of `[additionalCharges|]salt|status||||||udf5|udf4|udf3|udf2|udf1|email|firstname|
// productinfo|amount|txnid|key` (docs.payu.in "Generate Hash"; PayU's Node SDK,
// payu-intrepos/web-sdk-nodejs lib/utils/hasher.js `reverseHasher`, whose string building
// this script repeats). PayU publishes no example hash, so these are independent vectors:
// SHA-512 through node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-payu.mjs
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/payu';
const KEY = 'JPM7Fg';
const SALT = 'payu_vector_salt';

/** The reverse hash, built as the SDK's reverseHasher builds it. */
function reverseHash(/** @type {Record<string, string>} */ params, salt = SALT) {
  let hashString = `${salt}|${params.status}||||||${params.udf5 || ''}|${params.udf4 || ''}|${params.udf3 || ''}|${params.udf2 || ''}|${params.udf1 || ''}|${params.email}|${params.firstname}|${params.productinfo}|${params.amount}|${params.txnid}|${KEY}`;
  if (Object.hasOwn(params, 'additionalCharges'))
    hashString = `${params.additionalCharges}|${hashString}`;
  return createHash('sha512').update(hashString).digest('hex');
}

const FIELDS = {
  key: KEY,
  txnid: 'PPHOST20240315001',
  mihpayid: '403993715521899234',
  status: 'success',
  unmappedstatus: 'captured',
  mode: 'CC',
  amount: '1500.00',
  productinfo: 'Premium Subscription - Monthly',
  firstname: 'Priya',
  email: 'priya@example.com',
  udf1: 'subscription_plan_premium',
  udf2: 'monthly_billing',
  udf3: '',
  udf4: '',
  udf5: 'partner_web_checkout',
};
const hash = reverseHash(FIELDS);
const form = (/** @type {Record<string, string>} */ fields) =>
  new URLSearchParams(fields).toString();
const WITH_CHARGES = { ...FIELDS, additionalCharges: '30.00' };
const { txnid: _txnid, ...withoutTxnid } = FIELDS;
const NO_UDF = {
  key: KEY,
  txnid: 'T2',
  status: 'failure',
  amount: '10.00',
  productinfo: 'p',
  firstname: 'A',
  email: 'a@example.com',
};

const formRequest = (/** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
});

const vectors = {
  scheme: 'payu',
  source:
    "independent vectors: SHA-512 through node:crypto of the reverse-hash string, built as PayU's reverseHasher (web-sdk-nodejs lib/utils/hasher.js) builds it (test/vectors/generate-payu.mjs); PayU publishes no example hash",
  options: { merchantKey: KEY, salt: SALT },
  cases: [
    {
      name: 'accepts a successful payment posted as a form',
      request: formRequest(form({ ...FIELDS, hash })),
      expect: { accepted: true, matchedKey: 0, payload: { ...FIELDS, hash } },
      sign: { input: { fields: FIELDS }, signature: hash },
    },
    {
      name: 'accepts the same payment posted as JSON',
      request: {
        method: 'POST',
        url: ROUTE,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...FIELDS, hash }),
      },
      expect: { accepted: true, matchedKey: 0, payload: { ...FIELDS, hash } },
    },
    {
      name: 'accepts additionalCharges, hashed as a prefix',
      request: formRequest(form({ ...WITH_CHARGES, hash: reverseHash(WITH_CHARGES) })),
      expect: { accepted: true, matchedKey: 0 },
      sign: { input: { fields: WITH_CHARGES }, signature: reverseHash(WITH_CHARGES) },
    },
    {
      name: 'accepts a callback without udf fields (hashed empty)',
      request: formRequest(form({ ...NO_UDF, hash: reverseHash(NO_UDF) })),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two salts while rotating',
      options: { merchantKey: KEY, salt: ['another_payu_salt', SALT] },
      request: formRequest(form({ ...FIELDS, hash })),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed amount',
      request: formRequest(form({ ...FIELDS, amount: '15.00', hash })),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a removed additionalCharges',
      request: formRequest(form({ ...FIELDS, hash: reverseHash(WITH_CHARGES) })),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the hash of another salt',
      request: formRequest(form({ ...FIELDS, hash: reverseHash(FIELDS, 'another_payu_salt') })),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another merchant key',
      options: { merchantKey: 'OtherK', salt: SALT },
      request: formRequest(form({ ...FIELDS, hash })),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a callback without txnid',
      request: formRequest(form({ ...withoutTxnid, hash })),
      expect: { code: 'malformed_request' },
    },
    {
      name: 'rejects a callback without hash',
      request: formRequest(form(FIELDS)),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('payu.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
