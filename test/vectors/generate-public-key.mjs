#!/usr/bin/env node
// Writes test/vectors/<scheme>.json for the public-key schemes: known-answer vectors made
// with OpenSSL (through node:crypto) from fixed keys, sharing no code with hookguard, in the
// same format as generate.py's. Ed25519 is deterministic, so `sign` must reproduce each
// signature exactly. ECDSA draws a fresh nonce per signature: its signing vectors are marked
// `randomised` (what `sign` makes must verify, not match), and its signatures change each
// time this runs. Run: node test/vectors/generate-public-key.mjs
import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
} from 'node:crypto';
import { writeFileSync } from 'node:fs';

const HERE = new URL('./', import.meta.url);
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A fixed Ed25519 key pair from a label: seed = SHA-256(label). @param {string} label */
function ed25519(label) {
  const seed = createHash('sha256').update(label).digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
  return {
    seed,
    raw,
    sign: (/** @type {string} */ message) => sign(null, Buffer.from(message), privateKey),
  };
}

/** @param {string} name @param {object} vectors */
function write(name, vectors) {
  writeFileSync(new URL(`${name}.json`, HERE), `${JSON.stringify(vectors, null, 2)}\n`);
}

/**
 * Vectors for an Ed25519 scheme that signs `<timestamp><separator><body>` with the signature
 * and the timestamp in headers (Discord, Telnyx).
 * @param {{ scheme: string, route: string, signatureHeader: string, timestampHeader: string, separator: string, encode: (bytes: Buffer) => string, body: string, tolerance: number }} spec
 */
function timestampedEd25519(spec) {
  const key = ed25519(`hookguard vectors ${spec.scheme}`);
  const other = ed25519(`hookguard vectors ${spec.scheme}, another account`);
  const timestamp = '1700000000';
  const now = 1_700_000_000_000;
  const { body, encode } = spec;
  const signed = (/** @type {ReturnType<typeof ed25519>} */ by, /** @type {string} */ at) =>
    encode(by.sign(at + spec.separator + body));
  const signature = signed(key, timestamp);
  const request = (/** @type {Record<string, string>} */ headers, text = body) => ({
    method: 'POST',
    url: spec.route,
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
  const headers = { [spec.signatureHeader]: signature, [spec.timestampHeader]: timestamp };
  const publicKey = (/** @type {ReturnType<typeof ed25519>} */ pair) => encode(pair.raw);
  return {
    scheme: spec.scheme,
    options: { publicKey: publicKey(key), privateKey: encode(key.seed) },
    cases: [
      {
        name: 'accepts a delivery signed over timestamp, separator and body',
        request: request(headers),
        now,
        expect: { accepted: true, matchedKey: 0, payload: JSON.parse(body) },
        sign: { input: { body, timestamp: now }, signature },
      },
      {
        name: 'refuses a changed body',
        request: request(headers, body.replace('1', '2')),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses another timestamp (it is signed)',
        request: request({ ...headers, [spec.timestampHeader]: '1700000001' }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: "refuses another account's signature",
        request: request({ ...headers, [spec.signatureHeader]: signed(other, timestamp) }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'accepts during rotation with the second key',
        options: { publicKey: [publicKey(other), publicKey(key)] },
        request: request(headers),
        now,
        expect: { accepted: true, matchedKey: 1 },
      },
      {
        name: 'refuses a signature of the wrong length',
        request: request({ ...headers, [spec.signatureHeader]: encode(Buffer.alloc(32, 1)) }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses a request without the timestamp',
        request: request({ [spec.signatureHeader]: signature }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: 'refuses a request without the signature',
        request: request({ [spec.timestampHeader]: timestamp }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: `refuses a delivery signed ${spec.tolerance + 1} s ago`,
        request: request(headers),
        now: now + (spec.tolerance + 1) * 1000,
        expect: { code: 'timestamp_out_of_tolerance' },
      },
    ],
  };
}

// Discord: X-Signature-Ed25519 = hex Ed25519(timestamp + body), the key as 64 hex characters.
write(
  'discord',
  timestampedEd25519({
    scheme: 'discord',
    route: '/webhooks/discord',
    signatureHeader: 'x-signature-ed25519',
    timestampHeader: 'x-signature-timestamp',
    separator: '',
    encode: (bytes) => bytes.toString('hex'),
    body: '{"type":1,"id":"1","application_id":"2","token":"t","version":1}',
    tolerance: 300,
  }),
);

// Telnyx: telnyx-signature-ed25519 = base64 Ed25519(timestamp | body), the key in base64.
write(
  'telnyx',
  timestampedEd25519({
    scheme: 'telnyx',
    route: '/webhooks/telnyx',
    signatureHeader: 'telnyx-signature-ed25519',
    timestampHeader: 'telnyx-timestamp',
    separator: '|',
    encode: (bytes) => bytes.toString('base64'),
    body: '{"data":{"event_type":"message.received","id":"1","payload":{"text":"hi"}}}',
    tolerance: 300,
  }),
);

// Standard Webhooks v1a: webhook-signature = "v1a,<base64 Ed25519(id.timestamp.body)>", the
// key as whpk_<base64>, the seed as whsk_<base64> (spec lines 167–232).
{
  const key = ed25519('hookguard vectors standard-webhooks v1a');
  const other = ed25519('hookguard vectors standard-webhooks v1a, another sender');
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  const timestamp = '1700000000';
  const now = 1_700_000_000_000;
  const body = '{"type":"invoice.paid","data":{"amount":1}}';
  const sig = (/** @type {ReturnType<typeof ed25519>} */ by, text = `${id}.${timestamp}.${body}`) =>
    `v1a,${by.sign(text).toString('base64')}`;
  const signature = sig(key);
  const request = (/** @type {Record<string, string>} */ headers, text = body) => ({
    method: 'POST',
    url: '/webhooks/standard-webhooks-v1a',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      ...headers,
    },
    body: text,
  });
  const whpk = (/** @type {ReturnType<typeof ed25519>} */ pair) =>
    `whpk_${pair.raw.toString('base64')}`;
  write('standard-webhooks-v1a', {
    scheme: 'standard-webhooks.v1a',
    options: { publicKey: whpk(key), privateKey: `whsk_${key.seed.toString('base64')}` },
    cases: [
      {
        name: 'accepts a v1a signature over id.timestamp.body',
        request: request({ 'webhook-signature': signature }),
        now,
        expect: { accepted: true, matchedKey: 0, payload: JSON.parse(body) },
        sign: { input: { body, timestamp: now, headers: { 'webhook-id': id } }, signature },
      },
      {
        name: 'accepts v1a among v1 entries (a sender signing both ways)',
        request: request({ 'webhook-signature': `v1,bm90IGNoZWNrZWQ= ${signature}` }),
        now,
        expect: { accepted: true, matchedKey: 0 },
      },
      {
        name: 'refuses a request with only v1 (symmetric) entries',
        request: request({ 'webhook-signature': 'v1,bm90IGNoZWNrZWQ=' }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: 'refuses a changed body',
        request: request({ 'webhook-signature': signature }, body.replace('1', '2')),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses another webhook-id (it is signed)',
        request: request({ 'webhook-signature': signature, 'webhook-id': 'msg_other' }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: "refuses another sender's signature",
        request: request({ 'webhook-signature': sig(other) }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'accepts during rotation with the second key',
        options: { publicKey: [whpk(other), whpk(key)] },
        request: request({ 'webhook-signature': signature }),
        now,
        expect: { accepted: true, matchedKey: 1 },
      },
      {
        name: 'refuses a message signed 301 s ago',
        request: request({ 'webhook-signature': signature }),
        now: now + 301_000,
        expect: { code: 'timestamp_out_of_tolerance' },
      },
    ],
  });
}

// P-256's group order n (SEC 2 §2.4.2): a private scalar is in [1, n − 1].
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/** A fixed P-256 key pair from a label: private scalar = SHA-256(label). @param {string} label */
function p256(label) {
  const scalar = createHash('sha256').update(label).digest();
  const value = BigInt(`0x${scalar.toString('hex')}`);
  if (value === 0n || value >= P256_ORDER) throw new Error(`${label}: not a P-256 scalar`);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  const privateKey = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: scalar.toString('base64url'),
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  return {
    /** SubjectPublicKeyInfo DER in base64, as SendGrid's Mail Settings show a key. */
    spki: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64'),
    /** PKCS#8 DER in base64 (with the public point, as OpenSSL writes it). */
    pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    /** A DER ECDSA-with-SHA-256 signature, as OpenSSL makes it. @param {string} message */
    sign: (message) =>
      sign('sha256', Buffer.from(message), { key: privateKey, dsaEncoding: 'der' }),
    /** The same signature as r ‖ s (IEEE P1363). @param {string} message */
    signP1363: (message) =>
      sign('sha256', Buffer.from(message), { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  };
}

/**
 * The other valid signature of the same message, (r, n − s), in DER: ECDSA's malleability,
 * which a verifier accepts (so replays are keyed on the message, never on these bytes).
 * @param {Buffer} der
 */
function otherValidForm(der) {
  const rLength = Number(der[3]);
  const r = der.subarray(4, 4 + rLength);
  const s = BigInt(`0x${der.subarray(6 + rLength).toString('hex')}`);
  const flipped = Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex');
  /** @param {Buffer} magnitude */
  const integer = (magnitude) => {
    let digits = magnitude;
    while (digits.length > 1 && digits[0] === 0 && Number(digits[1]) < 0x80)
      digits = digits.subarray(1);
    if (Number(digits[0]) >= 0x80) digits = Buffer.concat([Buffer.from([0]), digits]);
    return Buffer.concat([Buffer.from([0x02, digits.length]), digits]);
  };
  const contents = Buffer.concat([integer(r), integer(flipped)]);
  return Buffer.concat([Buffer.from([0x30, contents.length]), contents]);
}

// SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 DER ECDSA-P256-SHA256(timestamp +
// body), the key as base64 SPKI. First the fixtures SendGrid's SDKs test with (here from
// sendgrid-nodejs packages/eventwebhook/src/eventwebhook.spec.js: the first at commit
// 865f09d, the later two at 15176de), then vectors signed with OpenSSL.
{
  const SDK_KEY =
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==';
  const SDK_SIGNATURE =
    'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=';
  // The same with one bit of s changed: the SDK's "bad signature" case.
  const SDK_BAD_SIGNATURE =
    'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=';
  const SDK_TIMESTAMP = '1588788367';
  const SDK_BODY = '{"category":"example_payload","event":"test_event","message_id":"message_id"}';
  const SINGLE_KEY =
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==';
  const SINGLE_SIGNATURE =
    'MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=';
  const SINGLE_TIMESTAMP = '1600112502';
  const SINGLE_BODY = `${JSON.stringify([
    {
      email: 'hello@world.com',
      event: 'dropped',
      reason: 'Bounced Address',
      sg_event_id: 'ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA',
      sg_message_id: 'LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0',
      'smtp-id': '<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>',
      timestamp: 1600112492,
    },
  ])}\r\n`;
  const MULTIPLE_KEY =
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==';
  const MULTIPLE_SIGNATURE =
    'MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5';
  const MULTIPLE_TIMESTAMP = '1619651159';
  const MULTIPLE_BODY = `${JSON.stringify([
    {
      email: 'invalid@gmail.com',
      event: 'processed',
      send_at: 0,
      sg_event_id: 'cHJvY2Vzc2VkLTE5OTQyMTEyLXFOd0JMZ1BRUWpXNkRKdktRd1NBYnctMA',
      sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
      'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
      timestamp: 1619651146,
    },
    {
      email: 'invalid@gmail.com',
      event: 'bounce',
      ip: '167.89.101.76',
      reason:
        '552 5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm c17si1130468pgv.34 - gsmtp',
      sg_event_id: 'Ym91bmNlLTAtMTk5NDIxMTItcU53QkxnUFFRalc2REp2S1F3U0Fidy0w',
      sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
      'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
      status: '5.2.2',
      timestamp: 1619651147,
      tls: 1,
      type: 'blocked',
    },
  ])
    .split('},{')
    .join('},\r\n{')}\r\n`;

  const SIGNATURE = 'x-twilio-email-event-webhook-signature';
  const TIMESTAMP = 'x-twilio-email-event-webhook-timestamp';
  const TOLERANCE = 24 * 60 * 60;
  const key = p256('hookguard vectors sendgrid');
  const other = p256('hookguard vectors sendgrid, another account');
  const timestamp = '1700000000';
  const now = 1_700_000_000_000;
  const body =
    '[{"email":"a@example.com","event":"delivered","sg_event_id":"ZGVsaXZlcmVk","timestamp":1699999990}]\r\n';
  const signature = key.sign(timestamp + body);
  const encoded = signature.toString('base64');
  const request = (/** @type {Record<string, string>} */ headers, text = body) => ({
    method: 'POST',
    url: '/webhooks/sendgrid',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
  const signed = { [SIGNATURE]: encoded, [TIMESTAMP]: timestamp };
  const sdkCase = (
    /** @type {string} */ name,
    /** @type {string} */ publicKey,
    /** @type {string} */ sig,
    /** @type {string} */ at,
    /** @type {string} */ text,
    /** @type {object} */ expect,
  ) => ({
    name,
    options: { publicKey },
    request: request({ [SIGNATURE]: sig, [TIMESTAMP]: at }, text),
    now: Number(at) * 1000,
    expect,
  });
  // A DER signature with a trailing byte, and one with a long-form length where the short
  // form fits: BER, which verifies the same in a lenient reader, refused by a strict one.
  const trailing = Buffer.concat([signature, Buffer.from([0])]).toString('base64');
  const longForm = Buffer.concat([
    Buffer.from([0x30, 0x81, Number(signature[1])]),
    signature.subarray(2),
  ]).toString('base64');
  if (
    !verify(
      'sha256',
      Buffer.from(timestamp + body),
      {
        key: createPublicKey({ key: Buffer.from(key.spki, 'base64'), format: 'der', type: 'spki' }),
        dsaEncoding: 'der',
      },
      otherValidForm(signature),
    )
  )
    throw new Error('the (r, n − s) form does not verify');
  write('sendgrid', {
    scheme: 'sendgrid',
    options: { publicKey: key.spki, privateKey: key.pkcs8 },
    cases: [
      sdkCase(
        "accepts the SDKs' shared fixture (timestamp + body, DER signature)",
        SDK_KEY,
        SDK_SIGNATURE,
        SDK_TIMESTAMP,
        SDK_BODY,
        { accepted: true, matchedKey: 0, payload: JSON.parse(SDK_BODY) },
      ),
      sdkCase(
        "refuses the SDKs' bad signature (one bit of s changed)",
        SDK_KEY,
        SDK_BAD_SIGNATURE,
        SDK_TIMESTAMP,
        SDK_BODY,
        { code: 'invalid_signature' },
      ),
      sdkCase(
        "refuses the SDKs' fixture with the keys of its body in another order",
        SDK_KEY,
        SDK_SIGNATURE,
        SDK_TIMESTAMP,
        '{"event":"test_event","category":"example_payload","message_id":"message_id"}',
        { code: 'invalid_signature' },
      ),
      sdkCase(
        "accepts the SDK's single-event delivery, trailing CRLF included",
        SINGLE_KEY,
        SINGLE_SIGNATURE,
        SINGLE_TIMESTAMP,
        SINGLE_BODY,
        { accepted: true, matchedKey: 0, payload: JSON.parse(SINGLE_BODY) },
      ),
      sdkCase(
        "refuses the SDK's single-event delivery without its trailing CRLF",
        SINGLE_KEY,
        SINGLE_SIGNATURE,
        SINGLE_TIMESTAMP,
        SINGLE_BODY.trimEnd(),
        { code: 'invalid_signature' },
      ),
      sdkCase(
        "accepts the SDK's two-event delivery (CRLF after each event)",
        MULTIPLE_KEY,
        MULTIPLE_SIGNATURE,
        MULTIPLE_TIMESTAMP,
        MULTIPLE_BODY,
        { accepted: true, matchedKey: 0, payload: JSON.parse(MULTIPLE_BODY) },
      ),
      {
        name: 'accepts a delivery signed over timestamp + body',
        request: request(signed),
        now,
        expect: { accepted: true, matchedKey: 0, payload: JSON.parse(body) },
        sign: { input: { body, timestamp: now }, signature: encoded, randomised: true },
      },
      {
        name: 'accepts the other valid form of the same signature, (r, n − s)',
        request: request({ ...signed, [SIGNATURE]: otherValidForm(signature).toString('base64') }),
        now,
        expect: { accepted: true, matchedKey: 0 },
      },
      {
        name: 'refuses a changed body',
        request: request(signed, body.replace('delivered', 'bounce')),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses another timestamp (it is signed)',
        request: request({ ...signed, [TIMESTAMP]: '1700000001' }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: "refuses another account's signature",
        request: request({
          ...signed,
          [SIGNATURE]: other.sign(timestamp + body).toString('base64'),
        }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'accepts during rotation with the second key',
        options: { publicKey: [other.spki, key.spki] },
        request: request(signed),
        now,
        expect: { accepted: true, matchedKey: 1 },
      },
      {
        name: 'refuses a valid signature sent as r ‖ s instead of DER',
        request: request({
          ...signed,
          [SIGNATURE]: key.signP1363(timestamp + body).toString('base64'),
        }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses a DER signature with a byte after it',
        request: request({ ...signed, [SIGNATURE]: trailing }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses a signature in BER (a long-form length), not DER',
        request: request({ ...signed, [SIGNATURE]: longForm }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses a signature that is not base64',
        request: request({ ...signed, [SIGNATURE]: `${encoded.slice(0, -4)}!!!!` }),
        now,
        expect: { code: 'invalid_signature' },
      },
      {
        name: 'refuses a request without the timestamp',
        request: request({ [SIGNATURE]: encoded }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: 'refuses a request without the signature',
        request: request({ [TIMESTAMP]: timestamp }),
        now,
        expect: { code: 'missing_signature' },
      },
      {
        name: 'accepts a retry that kept its first signature, 23 h later',
        request: request(signed),
        now: now + 23 * 3600 * 1000,
        expect: { accepted: true, matchedKey: 0 },
      },
      {
        name: `refuses a delivery signed ${TOLERANCE + 1} s ago`,
        request: request(signed),
        now: now + (TOLERANCE + 1) * 1000,
        expect: { code: 'timestamp_out_of_tolerance' },
      },
      {
        name: 'refuses a delivery signed 301 s ago under tolerance: 300',
        options: { publicKey: key.spki, tolerance: 300 },
        request: request(signed),
        now: now + 301_000,
        expect: { code: 'timestamp_out_of_tolerance' },
      },
    ],
  });
}
