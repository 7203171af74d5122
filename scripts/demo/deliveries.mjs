// @ts-check
import { sign } from '@hookguard/core';

/**
 * @typedef {{ method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array }} HttpRequest
 * @typedef {{ status: number, code?: string }} Expectation
 * @typedef {{ provider: string, label: string, request: HttpRequest, expect: Expectation, note?: string }} Delivery
 */

const MINUTE = 60_000;
const text = (/** @type {string | Uint8Array} */ body) =>
  typeof body === 'string' ? body : Buffer.from(body).toString('utf8');

/** A signed request as `sign` returned it, sent to `path`. */
function post(
  /** @type {string} */ path,
  /** @type {{ headers: Readonly<Record<string, string>>, body: string | Uint8Array }} */ signed,
) {
  return { method: 'POST', path, headers: { ...signed.headers }, body: signed.body };
}

/**
 * The four cases the demo shows for every provider, in the order they are sent to one app:
 * a valid callback, the same callback again (a replay), a tampered one and a stale one.
 * Build a fresh set per app: each app remembers what it accepted.
 *
 * @param {import('../../examples/express/src/schemes.js').Schemes} schemes
 * @param {number} now epoch ms
 * @returns {Delivery[]}
 */
export function providerDeliveries(schemes, now) {
  /** @type {Delivery[]} */
  const deliveries = [];
  const add = (/** @type {Delivery} */ delivery) => deliveries.push(delivery);
  const ok = { status: 200 };
  const rejected = (/** @type {string} */ code) => ({ status: 401, code });

  // Cashfree PG webhook (JSON, x-webhook-*).
  {
    const path = '/webhooks/cashfree';
    const body = {
      type: 'PAYMENT_SUCCESS_WEBHOOK',
      data: { order: { order_id: 'order_demo_1', order_amount: 100 } },
    };
    const valid = post(path, sign(schemes.cashfree, { body, timestamp: now }));
    add({ provider: 'cashfree.webhook', label: 'valid', request: valid, expect: ok });
    add({
      provider: 'cashfree.webhook',
      label: 'replay',
      request: valid,
      expect: rejected('replayed'),
    });
    add({
      provider: 'cashfree.webhook',
      label: 'tampered amount',
      request: { ...valid, body: text(valid.body).replace('100', '1') },
      expect: rejected('invalid_signature'),
    });
    add({
      provider: 'cashfree.webhook',
      label: 'stale (10 min)',
      request: post(path, sign(schemes.cashfree, { body, timestamp: now - 10 * MINUTE })),
      expect: rejected('timestamp_out_of_tolerance'),
    });
  }
  // Cashfree subscription callback (form, cf_*).
  {
    const path = '/webhooks/cashfree/subscription';
    const fields = {
      cf_event: 'SUBSCRIPTION_STATUS_CHANGE',
      cf_subReferenceId: '12345',
      cf_status: 'ACTIVE',
      cf_eventTime: new Date(now).toISOString(),
    };
    const valid = post(path, sign(schemes.cashfreeSubscription, { fields }));
    add({ provider: 'cashfree.subscription', label: 'valid', request: valid, expect: ok });
    add({
      provider: 'cashfree.subscription',
      label: 'replay',
      request: valid,
      expect: rejected('replayed'),
    });
    add({
      provider: 'cashfree.subscription',
      label: 'tampered status',
      request: { ...valid, body: text(valid.body).replace('ACTIVE', 'CANCELLED') },
      expect: rejected('invalid_signature'),
    });
    add({
      provider: 'cashfree.subscription',
      label: 'stale (10 min)',
      request: post(
        path,
        sign(schemes.cashfreeSubscription, {
          fields: { ...fields, cf_eventTime: new Date(now - 10 * MINUTE).toISOString() },
        }),
      ),
      expect: ok,
      note: 'nothing is timestamped: accepted once, then deduplicated for 24 h',
    });
  }
  // Smile ID callback (JSON; timestamp and signature in the body, the body itself unsigned).
  {
    const path = '/webhooks/smile-id';
    const pair = sign(schemes.smileId, { timestamp: new Date(now).toISOString() });
    const valid = {
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pair, job_id: 'job_demo_1', ResultCode: '1012' }),
    };
    add({ provider: 'smile-id', label: 'valid', request: valid, expect: ok });
    add({ provider: 'smile-id', label: 'replay', request: valid, expect: rejected('replayed') });
    add({
      provider: 'smile-id',
      label: 'same pair, other body',
      request: {
        ...valid,
        body: JSON.stringify({ ...pair, job_id: 'job_demo_1', ResultCode: '1013' }),
      },
      expect: rejected('replayed'),
      note: 'the body is not signed; deduplicating the (timestamp, signature) pair stops the swap',
    });
    add({
      provider: 'smile-id',
      label: 'tampered timestamp',
      request: {
        ...valid,
        body: JSON.stringify({ ...pair, timestamp: new Date(now + 1000).toISOString() }),
      },
      expect: rejected('invalid_signature'),
    });
    const stale = sign(schemes.smileId, { timestamp: new Date(now - 10 * MINUTE).toISOString() });
    add({
      provider: 'smile-id',
      label: 'stale (10 min)',
      request: { ...valid, body: JSON.stringify({ ...stale, job_id: 'job_demo_2' }) },
      expect: rejected('timestamp_out_of_tolerance'),
    });
  }
  // Fiserv Message-Signature.
  {
    const path = '/webhooks/fiserv';
    const body = {
      requestType: 'PaymentCardSaleTransaction',
      transactionAmount: { total: '13', currency: 'GBP' },
    };
    const valid = post(path, sign(schemes.fiserv, { body, timestamp: now }));
    add({ provider: 'fiserv', label: 'valid', request: valid, expect: ok });
    add({ provider: 'fiserv', label: 'replay', request: valid, expect: rejected('replayed') });
    add({
      provider: 'fiserv',
      label: 'tampered total',
      request: { ...valid, body: text(valid.body).replace('"13"', '"1300"') },
      expect: rejected('invalid_signature'),
    });
    add({
      provider: 'fiserv',
      label: 'stale (10 min)',
      request: post(path, sign(schemes.fiserv, { body, timestamp: now - 10 * MINUTE })),
      expect: rejected('timestamp_out_of_tolerance'),
    });
    add({
      provider: 'fiserv',
      label: 'hex encoding (Java SDK)',
      request: post(path, sign(schemes.fiserv, { body, timestamp: now, encoding: 'hex-base64' })),
      expect: ok,
    });
  }
  // Mastercard Ethoca (ETHOCA-SHA1).
  {
    const path = '/webhooks/ethoca';
    const body = {
      requestReference: { originatorDescription: 'Test Issuer', correlationId: 'demo' },
    };
    const date = (/** @type {number} */ ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const valid = post(path, sign(schemes.ethoca, { url: path, body, date: date(now) }));
    add({ provider: 'ethoca', label: 'valid', request: valid, expect: ok });
    add({ provider: 'ethoca', label: 'replay', request: valid, expect: rejected('replayed') });
    add({
      provider: 'ethoca',
      label: 'tampered issuer',
      request: { ...valid, body: text(valid.body).replace('Test Issuer', 'Evil Issuer') },
      expect: rejected('invalid_signature'),
    });
    add({
      provider: 'ethoca',
      label: 'stale (10 min)',
      request: post(path, sign(schemes.ethoca, { url: path, body, date: date(now - 10 * MINUTE) })),
      expect: rejected('timestamp_out_of_tolerance'),
    });
    add({
      provider: 'ethoca',
      label: "doc's 38-char encoding",
      request: post(
        path,
        sign(schemes.ethoca, {
          url: path,
          body: { ...body, correlationId: 'demo-2' },
          date: date(now),
          encoding: 'double-encoded',
        }),
      ),
      expect: ok,
    });
  }
  // The catalog: JSON webhooks signed by the vendors' schemes.
  /** @type {[string, string, import('@hookguard/core').WebhookScheme<any, import('@hookguard/core').HmacSignInput, import('@hookguard/core').SignedHttpRequest>, string][]} */
  const catalog = [
    ['stripe', '/webhooks/stripe', schemes.stripe, ''],
    ['github', '/webhooks/github', schemes.github, 'the X-GitHub-Delivery id'],
    ['shopify', '/webhooks/shopify', schemes.shopify, 'the X-Shopify-Webhook-Id'],
    ['standard-webhooks', '/webhooks/standard-webhooks', schemes.standardWebhooks, ''],
    ['svix', '/webhooks/svix', schemes.svix, ''],
    ['razorpay', '/webhooks/razorpay', schemes.razorpay, 'the X-Razorpay-Event-Id'],
    ['paystack', '/webhooks/paystack', schemes.paystack, 'the signature'],
  ];
  for (const [provider, path, scheme, untimedKey] of catalog) {
    const body = { id: `evt_${provider}_1`, type: 'payment.succeeded', amount: 100 };
    const valid = post(path, sign(scheme, { body, timestamp: now }));
    add({ provider, label: 'valid', request: valid, expect: ok });
    add({ provider, label: 'replay', request: valid, expect: rejected('replayed') });
    add({
      provider,
      label: 'tampered amount',
      request: { ...valid, body: text(valid.body).replace('100', '1') },
      expect: rejected('invalid_signature'),
    });
    if (scheme.tolerance === false) {
      const older = post(path, sign(scheme, { body: { ...body, id: `evt_${provider}_0` } }));
      add({
        provider,
        label: 'old delivery, first seen',
        request: older,
        expect: ok,
        note: `nothing is timestamped: accepted once, then deduplicated on ${untimedKey} for 24 h`,
      });
    } else {
      add({
        provider,
        label: 'stale (10 min)',
        request: post(path, sign(scheme, { body, timestamp: now - 10 * MINUTE })),
        expect: rejected('timestamp_out_of_tolerance'),
      });
    }
  }
  // Slack: a slash command (a form), signed with a timestamp.
  {
    const path = '/webhooks/slack';
    const command = 'command=%2Fpay&text=100&user_id=U1&team_id=T1';
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
    const valid = post(
      path,
      sign(schemes.slack, { body: command, timestamp: now, headers: formHeaders }),
    );
    add({ provider: 'slack', label: 'valid (slash command)', request: valid, expect: ok });
    add({ provider: 'slack', label: 'replay', request: valid, expect: rejected('replayed') });
    add({
      provider: 'slack',
      label: 'tampered text',
      request: { ...valid, body: text(valid.body).replace('text=100', 'text=1') },
      expect: rejected('invalid_signature'),
    });
    add({
      provider: 'slack',
      label: 'stale (10 min)',
      request: post(
        path,
        sign(schemes.slack, { body: command, timestamp: now - 10 * MINUTE, headers: formHeaders }),
      ),
      expect: rejected('timestamp_out_of_tolerance'),
    });
  }
  // Twilio: an SMS webhook (a form), the full URL signed.
  {
    const path = '/webhooks/twilio';
    const params = { MessageSid: 'SM1', From: '+15551230000', Body: 'PAY 100' };
    const valid = post(path, sign(schemes.twilio, { url: path, params }));
    add({ provider: 'twilio', label: 'valid (SMS)', request: valid, expect: ok });
    add({ provider: 'twilio', label: 'replay', request: valid, expect: rejected('replayed') });
    add({
      provider: 'twilio',
      label: 'tampered body',
      request: { ...valid, body: text(valid.body).replace('100', '1') },
      expect: rejected('invalid_signature'),
    });
    add({
      provider: 'twilio',
      label: 'old delivery, first seen',
      request: post(
        path,
        sign(schemes.twilio, { url: path, params: { ...params, MessageSid: 'SM0' } }),
      ),
      expect: ok,
      note: 'nothing is timestamped: accepted once, then deduplicated on the signature for 24 h',
    });
  }
  // Flutterwave: the secret hash as is; the body is not covered.
  {
    const path = '/webhooks/flutterwave';
    const body = { event: 'charge.completed', data: { id: 1, amount: 100, status: 'successful' } };
    const valid = post(path, sign(schemes.flutterwave, { body }));
    add({ provider: 'flutterwave', label: 'valid', request: valid, expect: ok });
    add({ provider: 'flutterwave', label: 'replay', request: valid, expect: rejected('replayed') });
    add({
      provider: 'flutterwave',
      label: 'tampered hash',
      request: { ...valid, headers: { ...valid.headers, 'verif-hash': 'guess' } },
      expect: rejected('invalid_signature'),
    });
    add({
      provider: 'flutterwave',
      label: 'tampered amount, real hash',
      request: { ...valid, body: text(valid.body).replace('100', '1') },
      expect: ok,
      note: 'verif-hash does not cover the body: confirm the transaction with Flutterwave before acting on it',
    });
  }
  // UiCheck widget signature (signing, not a webhook).
  add({
    provider: 'uicheck',
    label: 'signature',
    request: { method: 'GET', path: '/uicheck/signature?customer=cus_demo_1', headers: {} },
    expect: ok,
  });
  add({
    provider: 'uicheck',
    label: 'no customer',
    request: { method: 'GET', path: '/uicheck/signature', headers: {} },
    expect: { status: 400, code: 'malformed_request' },
  });
  return deliveries;
}

/**
 * One request per remaining error code, through the Cashfree and Ethoca routes.
 *
 * @param {import('../../examples/express/src/schemes.js').Schemes} schemes
 * @param {number} now epoch ms
 * @returns {Delivery[]}
 */
export function errorCodeDeliveries(schemes, now) {
  const path = '/webhooks/cashfree';
  const valid = post(
    path,
    sign(schemes.cashfree, { body: { type: 'PAYMENT_SUCCESS_WEBHOOK', n: 2 }, timestamp: now }),
  );
  const unsigned = Object.fromEntries(
    Object.entries(valid.headers).filter(([name]) => name !== 'x-webhook-signature'),
  );
  const ethocaPath = '/webhooks/ethoca';
  const ethocaSigned = post(
    ethocaPath,
    sign(schemes.ethoca, {
      url: ethocaPath,
      body: { a: 1 },
      date: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    }),
  );
  // The same request, naming a key id the app does not hold (a retired key, say).
  const retiredKey = {
    ...ethocaSigned,
    headers: {
      ...ethocaSigned.headers,
      authorization: String(ethocaSigned.headers.authorization).replace(
        /KeyRef=[^,]+/,
        'KeyRef=retired-key',
      ),
    },
  };
  return [
    {
      provider: 'cashfree.webhook',
      label: 'no signature',
      request: { ...valid, headers: unsigned },
      expect: { status: 401, code: 'missing_signature' },
    },
    {
      provider: 'ethoca',
      label: 'unknown KeyRef',
      request: retiredKey,
      expect: { status: 401, code: 'unknown_key' },
    },
    {
      provider: 'cashfree.webhook',
      label: 'signed, not JSON',
      request: post(path, sign(schemes.cashfree, { body: 'not json', timestamp: now })),
      expect: { status: 400, code: 'malformed_request' },
    },
    {
      provider: 'cashfree.webhook',
      label: 'body over 1 MiB',
      request: post(
        path,
        sign(schemes.cashfree, { body: { pad: 'x'.repeat(1024 * 1024) }, timestamp: now }),
      ),
      expect: { status: 413, code: 'body_too_large' },
    },
    {
      provider: 'cashfree.webhook',
      label: 'text/plain',
      request: { ...valid, headers: { ...valid.headers, 'content-type': 'text/plain' } },
      expect: { status: 415, code: 'unsupported_media_type' },
    },
  ];
}
