#!/usr/bin/env node
// Writes test/vectors/<scheme>.json for the presets whose keys are fetched from the vendor
// (PayPal, AWS SNS, Plaid), in generate.py's format plus `keyDocuments`: what the vendor's
// key server answers, by URL, which the vector checks serve from memory. The accepted cases
// are the vendors' own signed messages where they publish one (PayPal's SDK tests, AWS's
// Java SDK tests, both under packages/core/test/fixtures); the signing cases are made here
// with OpenSSL (through node:crypto), from the vendors' documented strings to sign, sharing
// no code with hookguard. RSA PKCS#1 v1.5 is deterministic, so `sign` must reproduce those
// signatures exactly; ES256 draws a fresh nonce, so Plaid's are `randomised`.
// Run: node test/vectors/generate-fetched-key.mjs
import { createECDH, createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const HERE = new URL('./', import.meta.url);
const fixture = (/** @type {string} */ name) =>
  JSON.parse(readFileSync(new URL(`../../packages/core/test/fixtures/${name}`, HERE), 'utf8'));

/** @param {string} name @param {object} vectors */
function write(name, vectors) {
  writeFileSync(new URL(`${name}.json`, HERE), `${JSON.stringify(vectors, null, 2)}\n`);
}

const ok = (/** @type {string} */ matchedKey, /** @type {unknown} */ payload) => ({
  accepted: true,
  matchedKey,
  payload,
});
const refused = (/** @type {string} */ code) => ({ code });

// The RSA key of the self-signed test certificate (packages/core/test/fixtures).
const TEST = fixture('aws-sns-test-certificate.json');
const testKey = createPrivateKey({
  key: Buffer.from(TEST.privateKeyPkcs8Base64, 'base64'),
  format: 'der',
  type: 'pkcs8',
});
// Inside the test certificate's validity (December 2026 to 2126).
const SIGNED_AT = Date.parse('2027-01-15T10:00:00.000Z');

/** CRC-32 (IEEE 802.3, reflected, as zlib computes it), bit by bit. @param {Buffer} bytes */
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------- PayPal
{
  const SDK = fixture('paypal-sdk-vector.json');
  const certificate = (/** @type {string} */ url, /** @type {string} */ pem) => ({
    url,
    method: 'GET',
    contentType: 'application/x-pem-file',
    body: pem,
  });
  const testCertUrl = 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-hookguard-test';
  const headers = (/** @type {Record<string, string>} */ fields) => ({
    'content-type': 'application/json',
    'paypal-auth-algo': 'SHA256withRSA',
    ...fields,
  });
  const sdkHeaders = headers({
    'paypal-transmission-id': SDK.transmissionId,
    'paypal-transmission-time': SDK.transmissionTime,
    'paypal-transmission-sig': SDK.transmissionSig,
    'paypal-cert-url': SDK.certUrl,
  });
  // Inside the SDK certificate's validity (2015-03-18 to 2017-03-22).
  const sdkNow = Date.parse(SDK.transmissionTime) + 60_000;
  const request = (/** @type {Record<string, string>} */ h, body = SDK.body) => ({
    method: 'POST',
    url: '/webhooks/paypal',
    headers: h,
    body,
  });
  // developer.paypal.com, "Verify webhook signatures": transmission id | time | webhook id |
  // CRC-32 of the body as an unsigned decimal, signed SHA256withRSA.
  const body = '{"id":"WH-hookguard-1","event_type":"PAYMENT.CAPTURE.COMPLETED"}';
  const id = '0f6a3ba0-d8f1-11f0-9a51-3b1e7a53c1de';
  const time = '2027-01-15T10:00:00Z';
  const signature = sign(
    'sha256',
    Buffer.from(`${id}|${time}|${SDK.webhookId}|${crc32(Buffer.from(body))}`),
    testKey,
  ).toString('base64');
  const signedHeaders = headers({
    'paypal-transmission-id': id,
    'paypal-transmission-time': time,
    'paypal-transmission-sig': signature,
    'paypal-cert-url': testCertUrl,
  });
  write('paypal', {
    scheme: 'paypal',
    source: `${SDK.source}; the signing case made with OpenSSL from PayPal's documented message`,
    options: {
      webhookId: SDK.webhookId,
      privateKey: TEST.privateKeyPkcs8Base64,
      certUrl: testCertUrl,
    },
    keyDocuments: [
      certificate(SDK.certUrl, SDK.certificatePem),
      certificate(testCertUrl, TEST.certificatePem),
    ],
    cases: [
      {
        name: "accepts the transmission from PayPal's SDK tests",
        request: request(sdkHeaders),
        now: sdkNow,
        expect: ok(SDK.certUrl, JSON.parse(SDK.body)),
      },
      {
        name: 'refuses a changed body',
        request: request(sdkHeaders, SDK.body.replace('"WH-', '"WX-')),
        now: sdkNow,
        expect: refused('invalid_signature'),
      },
      {
        name: 'refuses another webhook id',
        options: { webhookId: '4JH86294D6297924H' },
        request: request(sdkHeaders),
        now: sdkNow,
        expect: refused('invalid_signature'),
      },
      {
        name: 'never fetches a certificate URL off PayPal’s hosts',
        request: request({ ...sdkHeaders, 'paypal-cert-url': 'https://example.com/cert.pem' }),
        now: sdkNow,
        expect: refused('untrusted_key_url'),
      },
      {
        name: 'refuses a transmission once its certificate has expired',
        request: request(sdkHeaders),
        now: Date.parse('2017-03-23T00:00:00Z'),
        expect: refused('key_unavailable'),
      },
      {
        name: 'accepts a transmission signed with the test certificate',
        request: request(signedHeaders, body),
        now: SIGNED_AT,
        expect: ok(testCertUrl, JSON.parse(body)),
        sign: {
          input: { body, timestamp: SIGNED_AT, headers: { 'paypal-transmission-id': id } },
          signature,
        },
      },
    ],
  });
}

// ---------------------------------------------------------------- AWS SNS
{
  const AWS = fixture('aws-sns-sdk-vectors.json');
  const testCertUrl =
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-hookguard-test.pem';
  const testTopic = 'arn:aws:sns:us-east-1:123456789012:orders';
  const request = (/** @type {string} */ body, type = 'Notification') => ({
    method: 'POST',
    url: '/webhooks/aws-sns',
    headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': type },
    body,
  });
  const at = (/** @type {string} */ body) => Date.parse(JSON.parse(body).Timestamp) + 60_000;
  const aws = /** @type {Record<string, string>} */ (AWS.messages);
  const withSubject = /** @type {string} */ (aws.notificationWithSubject);
  // docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html: each signed
  // field's name and value on lines of their own, in this order, for a notification.
  const message = {
    Type: 'Notification',
    MessageId: '5b1e2c7a-2f0e-4a55-9d3b-0c1b9a7e4d21',
    TopicArn: testTopic,
    Subject: 'order paid',
    Message: '{"order":"o_1","amount":100}',
    Timestamp: new Date(SIGNED_AT).toISOString(),
  };
  const stringToSign = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
    .map((field) => `${field}\n${message[/** @type {keyof typeof message} */ (field)]}\n`)
    .join('');
  const signature = sign('sha256', Buffer.from(stringToSign), testKey).toString('base64');
  const signedBody = JSON.stringify({
    ...message,
    SignatureVersion: '2',
    Signature: signature,
    SigningCertURL: testCertUrl,
  });
  write('aws-sns', {
    scheme: 'aws-sns',
    source: `${AWS.source}; the signing case made with OpenSSL from AWS's documented string to sign`,
    options: {
      topicArn: [AWS.topicArn, testTopic],
      privateKey: TEST.privateKeyPkcs8Base64,
      signingCertUrl: testCertUrl,
    },
    keyDocuments: [
      {
        url: AWS.signingCertUrl,
        method: 'GET',
        contentType: 'application/x-pem-file',
        body: AWS.certificatePem,
      },
      {
        url: testCertUrl,
        method: 'GET',
        contentType: 'application/x-pem-file',
        body: TEST.certificatePem,
      },
    ],
    cases: [
      ...[
        ['a notification with a subject (SignatureVersion 1)', 'notificationWithSubject'],
        ['a notification without a subject', 'notificationWithoutSubject'],
        ['a notification with SignatureVersion 2', 'notificationSignatureVersion2'],
      ].map(([what, name]) => {
        const body = /** @type {string} */ (aws[/** @type {string} */ (name)]);
        return {
          name: `accepts ${what} AWS signed`,
          request: request(body),
          now: at(body),
          expect: ok(AWS.signingCertUrl, JSON.parse(body)),
        };
      }),
      ...[
        ['a subscription confirmation', 'subscriptionConfirmation', 'SubscriptionConfirmation'],
        ['an unsubscribe confirmation', 'unsubscribeConfirmation', 'UnsubscribeConfirmation'],
      ].map(([what, name, type]) => {
        const body = /** @type {string} */ (aws[/** @type {string} */ (name)]);
        return {
          name: `accepts ${what} AWS signed`,
          request: request(body, type),
          now: at(body),
          expect: ok(AWS.signingCertUrl, JSON.parse(body)),
        };
      }),
      {
        name: 'refuses a changed message',
        request: request(withSubject.replace('Hello!', 'Hello?')),
        now: at(withSubject),
        expect: refused('invalid_signature'),
      },
      {
        name: 'refuses a message from a topic the route does not take',
        options: { topicArn: testTopic },
        request: request(withSubject),
        now: at(withSubject),
        expect: refused('unexpected_sender'),
      },
      {
        name: 'never fetches a certificate off the SNS hosts',
        request: request(withSubject.replace(AWS.signingCertUrl, 'https://example.com/x.pem')),
        now: at(withSubject),
        expect: refused('untrusted_key_url'),
      },
      {
        name: 'accepts a notification signed with the test certificate (SignatureVersion 2)',
        request: request(signedBody),
        now: SIGNED_AT,
        expect: ok(testCertUrl, JSON.parse(signedBody)),
        sign: {
          input: {
            message: message.Message,
            subject: message.Subject,
            messageId: message.MessageId,
            topicArn: testTopic,
            timestamp: SIGNED_AT,
            signatureVersion: '2',
          },
          signature,
        },
      },
    ],
  });
}

// ---------------------------------------------------------------- Plaid
{
  // A fixed P-256 key: scalar = SHA-256 of a label.
  const scalar = createHash('sha256').update('hookguard vectors plaid').digest();
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33).toString('base64url'),
  };
  const privateKey = createPrivateKey({
    key: { ...jwk, d: scalar.toString('base64url') },
    format: 'jwk',
  });
  const kid = '6c5516e1-92dc-479e-a8ff-5a51992e0f00';
  const part = (/** @type {object} */ value) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  // plaid.com/docs/api/webhooks/webhook-verification: an ES256 JWT in Plaid-Verification,
  // its claims `iat` and `request_body_sha256` (hex SHA-256 of the body).
  const jwt = (/** @type {string} */ body, /** @type {number} */ iat, headerKid = kid) => {
    const input = `${part({ alg: 'ES256', kid: headerKid, typ: 'JWT' })}.${part({
      iat,
      request_body_sha256: createHash('sha256').update(body).digest('hex'),
    })}`;
    const signature = sign('sha256', Buffer.from(input), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${input}.${signature.toString('base64url')}`;
  };
  const body =
    '{"webhook_type":"TRANSACTIONS","webhook_code":"SYNC_UPDATES_AVAILABLE","item_id":"item_1"}';
  const now = 1_700_000_000_000;
  const iat = now / 1000;
  const token = jwt(body, iat);
  const request = (/** @type {string} */ verification, text = body) => ({
    method: 'POST',
    url: '/webhooks/plaid',
    headers: { 'content-type': 'application/json', 'plaid-verification': verification },
    body: text,
  });
  const keyUrl = 'https://sandbox.plaid.com/webhook_verification_key/get';
  write('plaid', {
    scheme: 'plaid',
    source:
      "made with OpenSSL from Plaid's documented JWT (Plaid publishes no signed example); the key answered as /webhook_verification_key/get documents it",
    options: {
      clientId: 'client_1',
      secret: 'plaid_secret_1',
      environment: 'sandbox',
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      kid,
    },
    keyDocuments: [
      {
        url: keyUrl,
        method: 'POST',
        contentType: 'application/json',
        body: JSON.stringify({
          key: {
            alg: 'ES256',
            created_at: 1_600_000_000,
            ...jwk,
            expired_at: null,
            kid,
            use: 'sig',
          },
          request_id: 'vector',
        }),
      },
    ],
    cases: [
      {
        name: 'accepts a JWT over the body’s SHA-256',
        request: request(token),
        now,
        expect: ok(kid, JSON.parse(body)),
        sign: { input: { body, timestamp: now }, signature: token.split('.')[2], randomised: true },
      },
      {
        name: 'refuses a body whose SHA-256 is not the signed one',
        request: request(token, body.replace('item_1', 'item_2')),
        now,
        expect: refused('invalid_signature'),
      },
      {
        name: 'refuses a JWT whose signature was changed',
        request: request(`${token.slice(0, -2)}${token.endsWith('AA') ? 'AB' : 'AA'}`),
        now,
        expect: refused('invalid_signature'),
      },
      {
        name: 'refuses a JWT issued more than 5 minutes ago',
        request: request(token),
        now: now + 301_000,
        expect: refused('timestamp_out_of_tolerance'),
      },
      {
        name: 'refuses alg none before fetching anything',
        request: request(`${part({ alg: 'none', kid, typ: 'JWT' })}.${token.split('.')[1]}.`),
        now,
        expect: refused('invalid_signature'),
      },
    ],
  });
}
