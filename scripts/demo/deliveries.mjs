// @ts-check
import { PROVIDERS, sign } from '@hookguard/core';

/**
 * @typedef {{ method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array }} HttpRequest
 * @typedef {{ status: number, code?: string }} Expectation
 * @typedef {{ provider: string, label: string, request: HttpRequest, expect: Expectation, note?: string }} Delivery
 * @typedef {import('@hookguard/core').ProviderEntry} ProviderEntry
 * @typedef {import('@hookguard/core').SigningScheme} SigningScheme
 * @typedef {import('../../examples/express/src/schemes.js').Schemes} Schemes
 */

const MINUTE = 60_000;
const OK = { status: 200 };
const UNTIMED_NOTE = 'nothing is timestamped: accepted once, then deduplicated for 24 h';
const rejected = (/** @type {string} */ code) => ({ status: 401, code });
const text = (/** @type {string | Uint8Array} */ body) =>
  typeof body === 'string' ? body : Buffer.from(body).toString('utf8');

/** Every provider, each seen as any provider. */
const ALL = /** @type {readonly ProviderEntry[]} */ (PROVIDERS);

/** The scheme the example apps built for a provider. */
function schemeOf(/** @type {Schemes} */ schemes, /** @type {string} */ id) {
  const scheme = /** @type {Record<string, SigningScheme>} */ (/** @type {unknown} */ (schemes))[
    id
  ];
  if (scheme === undefined) throw new Error(`the example apps have no scheme for ${id}`);
  return scheme;
}

/** A signed request as `sign` returned it, sent to `path`. */
function post(
  /** @type {string} */ path,
  /** @type {{ headers: Readonly<Record<string, string>>, body: string | Uint8Array }} */ signed,
) {
  return { method: 'POST', path, headers: { ...signed.headers }, body: signed.body };
}

/**
 * What `sign` returned, as the request the vendor sends to the provider's route. Smile ID
 * signs no request of its own: its (signature, timestamp) pair goes into the JSON body.
 *
 * @param {ProviderEntry} provider
 * @param {unknown} signed
 * @returns {HttpRequest}
 */
function requestOf(provider, signed) {
  const output =
    /** @type {{ headers?: Record<string, string>, body?: string | Uint8Array, url?: string }} */ (
      signed
    );
  if (output.headers === undefined) {
    return {
      method: 'POST',
      path: provider.route,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signed),
    };
  }
  // A scheme that signs a query parameter (Mercado Pago's data.id) says where it sent it.
  const path = output.url?.startsWith('/') ? output.url : provider.route;
  return post(path, { headers: output.headers, body: output.body ?? '' });
}

/** The request with `from` replaced by `to` in its body; `from` must be there. */
function replaced(
  /** @type {HttpRequest} */ request,
  /** @type {string} */ from,
  /** @type {string} */ to,
) {
  const body = text(request.body ?? '');
  if (!body.includes(from)) {
    throw new Error(
      `the demo tampers with ${JSON.stringify(from)}, which this body lacks: ${body}. Give the provider's sample an amount of 100, or a tamper of its own in QUIRKS.`,
    );
  }
  return { ...request, body: body.replace(from, to) };
}

/**
 * @typedef {{ scheme: SigningScheme, provider: ProviderEntry, now: number, valid: HttpRequest }} Context
 * @typedef {{ label: string, change: (valid: HttpRequest, context: Context) => HttpRequest }} Tamper
 * @typedef {{
 *   valid?: string,
 *   tamper?: Tamper,
 *   stale?: { label: string, age: number },
 *   more?: (context: Context) => Omit<Delivery, 'provider'>[],
 * }} Quirks
 */

/** The default tamper: every sample carries an amount of 100. */
const TAMPERED_AMOUNT = /** @type {Tamper} */ ({
  label: 'tampered amount',
  change: (valid) => replaced(valid, '100', '1'),
});

/**
 * What the demo shows beyond the four cases of each provider: a tamper of its own where the
 * amount is not the thing to change (or is not signed), and the quirks worth seeing. A
 * provider whose sample carries an amount of 100 and has no quirk needs no line here.
 *
 * @type {Readonly<Record<string, Quirks>>}
 */
const QUIRKS = {
  braintree: {
    // The amount is inside bt_payload, the base64 of the notification's XML: changed there,
    // with the signature kept.
    tamper: {
      label: 'tampered amount (in the XML)',
      change: (valid) => {
        const form = new URLSearchParams(text(valid.body ?? ''));
        const xml = Buffer.from(form.get('bt_payload') ?? '', 'base64').toString('utf8');
        if (!xml.includes('100.00'))
          throw new Error(`the demo tampers with the amount 100.00, which this XML lacks: ${xml}`);
        form.set(
          'bt_payload',
          `${Buffer.from(xml.replace('100.00', '1.00')).toString('base64')}\n`,
        );
        return { ...valid, body: form.toString() };
      },
    },
  },
  'cashfree.subscription': {
    tamper: { label: 'tampered status', change: (valid) => replaced(valid, 'ACTIVE', 'CANCELLED') },
  },
  'cashfree.payoutsV1': {
    tamper: {
      label: 'tampered event',
      change: (valid) => replaced(valid, 'TRANSFER_SUCCESS', 'TRANSFER_FAILED'),
    },
  },
  'smile-id': {
    tamper: {
      label: 'tampered timestamp',
      change: (valid, { now }) => ({
        ...valid,
        body: JSON.stringify({
          ...JSON.parse(text(valid.body ?? '')),
          timestamp: new Date(now + 1000).toISOString(),
        }),
      }),
    },
    more: ({ valid }) => [
      {
        label: 'same pair, other body',
        request: {
          ...valid,
          body: JSON.stringify({ ...JSON.parse(text(valid.body ?? '')), ResultCode: '1013' }),
        },
        expect: rejected('replayed'),
        note: 'the body is not signed; deduplicating the (timestamp, signature) pair stops the swap',
      },
    ],
  },
  fiserv: {
    tamper: { label: 'tampered total', change: (valid) => replaced(valid, '"13"', '"1300"') },
    more: ({ scheme, provider, now }) => [
      {
        label: 'hex encoding (Java SDK)',
        request: requestOf(
          provider,
          sign(scheme, { .../** @type {object} */ (provider.sample(now)), encoding: 'hex-base64' }),
        ),
        expect: OK,
      },
    ],
  },
  ethoca: {
    tamper: {
      label: 'tampered issuer',
      change: (valid) => replaced(valid, 'Test Issuer', 'Evil Issuer'),
    },
    // Signed a second earlier: another X-Eth-Date, so another delivery.
    more: ({ scheme, provider, now }) => [
      {
        label: "doc's 38-char encoding",
        request: requestOf(
          provider,
          sign(scheme, {
            .../** @type {object} */ (provider.sample(now - 1000)),
            encoding: 'double-encoded',
          }),
        ),
        expect: OK,
      },
    ],
  },
  slack: {
    valid: 'valid (slash command)',
    tamper: { label: 'tampered text', change: (valid) => replaced(valid, 'text=100', 'text=1') },
  },
  twilio: {
    valid: 'valid (SMS)',
    tamper: { label: 'tampered body', change: (valid) => replaced(valid, '100', '1') },
  },
  sendgrid: {
    tamper: {
      label: 'tampered event',
      change: (valid) => replaced(valid, '"delivered"', '"bounce"'),
    },
    // SendGrid retries for up to 24 h, and may keep a retry's first signature.
    stale: { label: 'stale (25 h)', age: 25 * 60 * MINUTE },
    more: ({ scheme, provider, now }) => [
      {
        label: 'signed 10 min ago (a retry)',
        request: requestOf(provider, sign(scheme, provider.sample(now - 10 * MINUTE))),
        expect: OK,
        note: 'the window is 24 h: SendGrid retries for a day and may not sign a retry again',
      },
    ],
  },
  adyen: {
    more: ({ valid }) => [
      {
        label: 'unsigned field changed',
        request: replaced(valid, '"reason":"demo"', '"reason":"changed"'),
        expect: rejected('replayed'),
        note: 'Adyen signs eight fields of each item, not the body: the copy signs what the first did, so it is the same delivery',
      },
    ],
  },
  flutterwave: {
    tamper: {
      label: 'tampered hash',
      change: (valid) => ({ ...valid, headers: { ...valid.headers, 'verif-hash': 'guess' } }),
    },
    more: ({ valid }) => [
      {
        label: 'tampered amount, real hash',
        request: replaced(valid, '100', '1'),
        expect: OK,
        note: 'verif-hash does not cover the body: confirm the transaction with Flutterwave before acting on it',
      },
    ],
  },
  okta: {
    tamper: {
      label: 'wrong secret',
      change: (valid) => ({ ...valid, headers: { ...valid.headers, authorization: 'guess' } }),
    },
    more: ({ valid }) => [
      {
        label: 'tampered target, real secret',
        request: replaced(valid, '100', '1'),
        expect: OK,
        note: "Okta's secret does not cover the body: read the event from the System Log API before acting on it",
      },
    ],
  },
  telegram: {
    tamper: {
      label: 'wrong secret token',
      change: (valid) => ({
        ...valid,
        headers: { ...valid.headers, 'x-telegram-bot-api-secret-token': 'guess' },
      }),
    },
    more: ({ valid }) => [
      {
        label: 'tampered amount, real token',
        request: replaced(valid, '100', '1'),
        expect: OK,
        note: "Telegram's secret token does not cover the body: it proves the sender, not the update",
      },
    ],
  },
  gitlab: {
    tamper: {
      label: 'wrong secret token',
      change: (valid) => ({ ...valid, headers: { ...valid.headers, 'x-gitlab-token': 'guess' } }),
    },
    more: ({ valid }) => [
      {
        label: 'tampered project, real token',
        request: replaced(valid, '100', '1'),
        expect: OK,
        note: "GitLab's secret token does not cover the body: use a signing token (gitlab.signed) where GitLab offers one",
      },
    ],
  },
  xendit: {
    tamper: {
      label: 'wrong callback token',
      change: (valid) => ({ ...valid, headers: { ...valid.headers, 'x-callback-token': 'guess' } }),
    },
    more: ({ valid }) => [
      {
        label: 'tampered amount, real token',
        request: replaced(valid, '"amount":100', '"amount":1'),
        expect: OK,
        note: "Xendit's callback token does not cover the body: confirm the payment through Xendit's API before acting on it",
      },
    ],
  },
  postmark: {
    tamper: {
      label: 'wrong password',
      change: (valid) => ({
        ...valid,
        headers: {
          ...valid.headers,
          authorization: `Basic ${Buffer.from('demo-postmark:guess').toString('base64')}`,
        },
      }),
    },
    more: ({ valid }) => [
      {
        label: 'tampered server, real credentials',
        request: replaced(valid, '100', '1'),
        expect: OK,
        note: "Postmark's Basic credentials do not cover the body: allow only Postmark's webhook IPs where you can",
      },
    ],
  },
  midtrans: {
    more: ({ valid }) => [
      {
        label: 'unsigned status changed',
        request: replaced(valid, '"settlement"', '"capture"'),
        expect: rejected('replayed'),
        note: 'Midtrans hashes order_id, status_code and gross_amount only: the copy hashes what the first did, so it is the same delivery',
      },
    ],
  },
  phonepe: {
    tamper: {
      label: 'wrong credentials',
      change: (valid) => ({
        ...valid,
        headers: { ...valid.headers, authorization: '0'.repeat(64) },
      }),
    },
    more: ({ valid }) => [
      {
        label: 'tampered amount, real Authorization',
        request: replaced(valid, '100', '1'),
        expect: OK,
        note: "PhonePe's Authorization is a hash of the credentials, not of the body: confirm the order with PhonePe's Order Status API",
      },
    ],
  },
  'phonepe.v1': {
    // The amount is inside `response`, the base64 of the result JSON: changed there.
    tamper: {
      label: 'tampered amount (in the response)',
      change: (valid) => {
        const { response } = JSON.parse(text(valid.body ?? ''));
        const result = Buffer.from(String(response), 'base64').toString('utf8');
        if (!result.includes('"amount":100'))
          throw new Error(
            `the demo tampers with the amount 100, which this result lacks: ${result}`,
          );
        const changed = Buffer.from(result.replace('"amount":100', '"amount":1')).toString(
          'base64',
        );
        return { ...valid, body: JSON.stringify({ response: changed }) };
      },
    },
  },
  twitch: {
    // Twitch's own window is 10 minutes.
    stale: { label: 'stale (11 min)', age: 11 * MINUTE },
  },
  paypal: {
    // PayPal retries for three days and may not sign a retry again: the window is 72 h.
    stale: { label: 'stale (73 h)', age: 73 * 60 * MINUTE },
    more: ({ valid }) => [
      {
        label: 'certificate URL elsewhere',
        request: {
          ...valid,
          headers: { ...valid.headers, 'paypal-cert-url': 'https://attacker.example/cert.pem' },
        },
        expect: rejected('untrusted_key_url'),
        note: 'a certificate is fetched only from PayPal’s API hosts: this one is never fetched',
      },
    ],
  },
  'aws-sns': {
    tamper: { label: 'tampered message', change: (valid) => replaced(valid, ':100', ':1') },
    // SNS retries for an hour: the window is 65 min.
    stale: { label: 'stale (70 min)', age: 70 * MINUTE },
    more: ({ scheme, provider, now }) => [
      {
        label: 'signed by AWS, another topic',
        request: requestOf(
          provider,
          sign(scheme, {
            .../** @type {object} */ (provider.sample(now)),
            topicArn: 'arn:aws:sns:us-east-1:210987654321:someone-else',
          }),
        ),
        expect: { status: 403, code: 'unexpected_sender' },
        note: 'any AWS account can subscribe your URL to its topic: only the configured topics are taken',
      },
    ],
  },
  'mercado-pago': {
    // Mercado Pago signs data.id from the query, x-request-id and ts: not the body.
    tamper: {
      label: 'tampered data.id',
      change: (valid) => ({ ...valid, path: valid.path.replace('data.id=', 'data.id=9') }),
    },
    more: ({ valid }) => [
      {
        label: 'other body, same signature',
        request: replaced(valid, 'payment.updated', 'payment.created'),
        expect: rejected('replayed'),
        note: 'the body is not signed: act on the signed data.id (fetch the payment), never on the body',
      },
    ],
  },
  mailgun: {
    // Mailgun signs the timestamp and token of the body's signature object, not the event data.
    tamper: {
      label: 'tampered token',
      change: (valid) => replaced(valid, '"token":"', '"token":"9'),
    },
    // Mailgun retries for 8 h: the window is 9 h.
    stale: { label: 'stale (10 h)', age: 10 * 60 * MINUTE },
    more: ({ valid }) => [
      {
        label: 'other event data, same signature',
        request: replaced(valid, '"delivered"', '"failed"'),
        expect: rejected('replayed'),
        note: 'event-data is not signed: the signed token is remembered, so the swap is a replay',
      },
    ],
  },
  // Box's window is ten minutes.
  box: { stale: { label: 'stale (11 min)', age: 11 * MINUTE } },
};

/**
 * A valid delivery, a replay, a tampered one, and one ten minutes older (refused where a
 * timestamp is signed, accepted once where none is; older still where the provider's window
 * is wider), then the provider's quirks.
 *
 * @param {ProviderEntry} provider
 * @param {SigningScheme} scheme
 * @param {number} now
 * @returns {Omit<Delivery, 'provider'>[]}
 */
function webhookCases(provider, scheme, now) {
  const quirks = QUIRKS[provider.id] ?? {};
  const signedAt = (/** @type {number} */ at) =>
    requestOf(provider, sign(scheme, provider.sample(at)));
  const valid = signedAt(now);
  const context = { scheme, provider, now, valid };
  const tamper = quirks.tamper ?? TAMPERED_AMOUNT;
  const stale = quirks.stale ?? { label: 'stale (10 min)', age: 10 * MINUTE };
  const older = signedAt(now - stale.age);
  return [
    { label: quirks.valid ?? 'valid', request: valid, expect: OK },
    { label: 'replay', request: valid, expect: rejected('replayed') },
    {
      label: tamper.label,
      request: tamper.change(valid, context),
      expect: rejected('invalid_signature'),
    },
    provider.timestamped
      ? { label: stale.label, request: older, expect: rejected('timestamp_out_of_tolerance') }
      : { label: 'old delivery, first seen', request: older, expect: OK, note: UNTIMED_NOTE },
    ...(quirks.more?.(context) ?? []),
  ];
}

/**
 * A scheme that only signs (UiCheck) is served on a GET route that signs its sample's
 * input, given as the query; without it, the route answers 400.
 *
 * @param {ProviderEntry} provider
 * @param {number} now
 * @returns {Omit<Delivery, 'provider'>[]}
 */
function signingCases(provider, now) {
  const input = /** @type {Record<string, string>} */ (provider.sample(now));
  return [
    {
      label: 'signature',
      request: {
        method: 'GET',
        path: `${provider.route}?${new URLSearchParams(input)}`,
        headers: {},
      },
      expect: OK,
    },
    {
      label: `no ${Object.keys(input).join(' or ')}`,
      request: { method: 'GET', path: provider.route, headers: {} },
      expect: { status: 400, code: 'malformed_request' },
    },
  ];
}

/**
 * The cases the demo shows for every provider of the core's list, in its order, as they
 * are sent to one app: a valid callback, the same callback again (a replay), a tampered one
 * and a stale one, then any quirk. Build a fresh set per app: each app remembers what it
 * accepted.
 *
 * @param {Schemes} schemes
 * @param {number} now epoch ms
 * @returns {Delivery[]}
 */
export function providerDeliveries(schemes, now) {
  return ALL.flatMap((provider) =>
    (provider.verifies
      ? webhookCases(provider, schemeOf(schemes, provider.id), now)
      : signingCases(provider, now)
    ).map((delivery) => ({ provider: provider.id, ...delivery })),
  );
}

/**
 * One request per remaining error code, through the Cashfree and Ethoca routes.
 *
 * @param {Schemes} schemes
 * @param {number} now epoch ms
 * @returns {Delivery[]}
 */
export function errorCodeDeliveries(schemes, now) {
  const cashfree = schemes['cashfree.webhook'];
  const path = '/webhooks/cashfree';
  const valid = post(
    path,
    sign(cashfree, { body: { type: 'PAYMENT_SUCCESS_WEBHOOK', n: 2 }, timestamp: now }),
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
      request: post(path, sign(cashfree, { body: 'not json', timestamp: now })),
      expect: { status: 400, code: 'malformed_request' },
    },
    {
      provider: 'cashfree.webhook',
      label: 'body over 1 MiB',
      request: post(
        path,
        sign(cashfree, { body: { pad: 'x'.repeat(1024 * 1024) }, timestamp: now }),
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
