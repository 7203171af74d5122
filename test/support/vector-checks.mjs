// @ts-check
// The known-answer vectors (test/vectors/*.json) as checks that any runtime can run: no
// test framework, no node: module, the core passed in. Vitest runs them against the
// sources (packages/core/test/mechanisms/vectors.test.ts, on both crypto builds); the
// runtime suite runs them against the built packages in Node, Bun, Deno, workerd and the
// Edge VM (test/runtimes).

/** @typedef {typeof import('@hookguard/core')} Core */
/** @typedef {import('./vectors.js').VectorFile} VectorFile */
/** @typedef {import('./vectors.js').VectorCase} VectorCase */
/** @typedef {{ readonly title: string, run(): Promise<void> }} VectorCheck */

/** The header each scheme puts its signature in (the whole value, as sent). */
export const SIGNATURE_HEADERS = [
  'x-webhook-signature',
  'message-signature',
  'stripe-signature',
  'x-hub-signature-256',
  'x-shopify-hmac-sha256',
  'x-slack-signature',
  'x-twilio-signature',
  'webhook-signature',
  'svix-signature',
  'x-razorpay-signature',
  'x-paystack-signature',
  'verif-hash',
  'x-signature-ed25519',
  'telnyx-signature-ed25519',
  'hmacsignature',
  'x-twilio-email-event-webhook-signature',
  'x-zm-signature',
  'twitch-eventsub-message-signature',
  'x-dropbox-signature',
  'x-xero-signature',
  'paypal-transmission-sig',
  'paddle-signature',
  'x-square-hmacsha256-signature',
  'x-cc-webhook-signature',
  'x-signature',
  'workos-signature',
  'linear-signature',
  'cko-signature',
  'x-hub-signature',
  'x-vercel-signature',
  'typeform-signature',
  'sentry-hook-signature',
  'x-wc-webhook-signature',
  'calendly-webhook-signature',
  'x-telegram-bot-api-secret-token',
  'x-gitlab-token',
  'x-callback-token',
  'persona-signature',
  'x-mollie-signature',
  'monnify-signature',
  'x-hook-signature',
  'x-hubspot-signature-v3',
  'box-signature-primary',
  'x-docusign-signature-1',
  'x-anet-signature',
  // PhonePe v1's `<hex>###<salt index>`.
  'x-verify',
  // Plaid's whole JWT; its vectors are randomised (ES256), so only the round trip is checked.
  'plaid-verification',
];

/**
 * The scheme a vector file (or one of its cases) describes, from the core's list of providers.
 * @param {Core} core
 * @param {VectorFile} file
 * @param {Record<string, unknown>} [options]
 * @returns {import('@hookguard/core').SigningScheme}
 */
export function schemeFor(core, file, options = file.options) {
  const provider = core.PROVIDERS.find((entry) => entry.id === file.scheme);
  if (provider === undefined) throw new Error(`no provider in PROVIDERS is named ${file.scheme}`);
  const keys =
    file.keyDocuments === undefined ? {} : { fetch: keyDocumentFetch(file.keyDocuments) };
  return /** @type {(options: object) => import('@hookguard/core').SigningScheme} */ (
    provider.factory
  )({ ...options, ...keys });
}

/**
 * A `fetch` that answers from memory what a vendor's key server would (a vector file's
 * `keyDocuments`, a provider's `demoKeys`), and 404 to anything else: the key documents of
 * fetched-key presets, with no server, so the vectors run in every runtime.
 *
 * @param {readonly import('@hookguard/core').DemoKeyDocument[]} documents
 * @returns {import('@hookguard/core').FetchFunction}
 */
export function keyDocumentFetch(documents) {
  return async (url, init) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const found = documents.find((document) => document.url === url && document.method === method);
    return found === undefined
      ? new Response('not found', { status: 404 })
      : new Response(found.body, { status: 200, headers: { 'content-type': found.contentType } });
  };
}

/**
 * The signature inside whatever `sign` returned, wherever the provider puts it.
 * @param {string} scheme
 * @param {unknown} signed
 * @returns {string}
 */
export function signatureIn(scheme, signed) {
  if (typeof signed === 'string') return signed;
  const value =
    /** @type {{ headers?: Record<string, string>, body?: string, signature?: string }} */ (signed);
  if (value.signature !== undefined) return value.signature;
  const headers = value.headers ?? {};
  for (const name of SIGNATURE_HEADERS) if (headers[name] !== undefined) return headers[name];
  if (headers.authorization !== undefined)
    // Ethoca's `… Signature=…`; Okta's is the configured secret itself.
    return /Signature=([^,\s]+)/.exec(headers.authorization)?.[1] ?? headers.authorization;
  // Adyen's standard webhooks: each item signed in the body; the first item's signature.
  const adyenItem = adyenFirstItem(value.body);
  if (adyenItem !== undefined) return adyenItem.additionalData?.hmacSignature ?? '';
  // Mailgun: the signature object's signature, inside the JSON body.
  const mailgunSignature = mailgunSignatureIn(value.body);
  if (mailgunSignature !== undefined) return mailgunSignature;
  // AWS SNS: the Signature field of the message.
  const snsSignature = jsonField(value.body, 'Signature');
  if (snsSignature !== undefined) return snsSignature;
  // Midtrans: the signature_key field of the notification.
  const midtransKey = jsonField(value.body, 'signature_key');
  if (midtransKey !== undefined) return midtransKey;
  const form = new URLSearchParams(String(value.body));
  // PayU's reverse hash is the form's hash field.
  const fromForm = form.get('signature') ?? form.get('bt_signature') ?? form.get('hash');
  if (fromForm !== null) return fromForm;
  throw new Error(`no signature found in the output of sign for ${scheme}`);
}

/**
 * A top-level string field of a JSON object body, if the body is one and has it.
 * @param {unknown} body
 * @param {string} name
 * @returns {string | undefined}
 */
function jsonField(body, name) {
  if (typeof body !== 'string' || !body.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(body)[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Mailgun's `signature.signature`, if the body is a JSON object that has one.
 * @param {unknown} body
 * @returns {string | undefined}
 */
function mailgunSignatureIn(body) {
  if (typeof body !== 'string' || !body.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(body).signature?.signature;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first NotificationRequestItem of an Adyen standard webhook body, if it is one.
 * @param {unknown} body
 * @returns {{ additionalData?: { hmacSignature?: string } } | undefined}
 */
function adyenFirstItem(body) {
  if (typeof body !== 'string' || !body.startsWith('{')) return undefined;
  try {
    return JSON.parse(body).notificationItems?.[0]?.NotificationRequestItem;
  } catch {
    return undefined;
  }
}

/**
 * The path and query a signer says it signed (Twilio returns the URL, with bodySHA256 for JSON).
 * @param {unknown} signed
 */
function signedUrl(signed) {
  const url = /** @type {{ url?: unknown }} */ (signed).url;
  if (typeof url !== 'string') return undefined;
  // A path and query (a scheme that signs a query parameter) is taken as it is.
  if (url.startsWith('/')) return url;
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * @param {boolean} condition
 * @param {() => string} message
 * @returns {asserts condition}
 */
function check(condition, message) {
  if (!condition) throw new Error(message());
}

/** @param {unknown} value */
const show = (value) => JSON.stringify(value);

/**
 * Deep equality of JSON values, keys in any order (a form payload keeps the form's order).
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = /** @type {Record<string, unknown>} */ (a);
  const right = /** @type {Record<string, unknown>} */ (b);
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]))
  );
}

/**
 * The signers a runtime has: `signAsync` everywhere, and the synchronous `sign` where the
 * core runs on node:crypto (elsewhere it throws, by design).
 * @param {Core} core
 * @returns {[string, (scheme: import('@hookguard/core').SigningScheme, input: unknown, options?: import('@hookguard/core').SignOptions) => Promise<unknown>][]}
 */
function signersOf(core) {
  /** @type {[string, (scheme: any, input: unknown, options?: any) => Promise<unknown>][]} */
  const signers = [
    ['signAsync', (scheme, input, options) => core.signAsync(scheme, input, options)],
  ];
  if (core.cryptoBackend === 'node:crypto')
    signers.push(['sign', async (scheme, input, options) => core.sign(scheme, input, options)]);
  return signers;
}

/**
 * Every check the vector files hold: each case through `verify`, each signing vector through
 * every signer the runtime has (the exact signature, then a round trip through `verify`).
 * @param {Core} core
 * @param {readonly VectorFile[]} files
 * @returns {VectorCheck[]}
 */
export function vectorChecks(core, files) {
  /** @type {VectorCheck[]} */
  const checks = [];
  for (const file of files)
    for (const testCase of file.cases ?? []) {
      const title = `${file.scheme}: ${testCase.name}`;
      const scheme = /** @type {import('@hookguard/core').WebhookScheme} */ (
        schemeFor(core, file, testCase.options ?? file.options)
      );
      const now = () => testCase.now ?? 0;
      checks.push({ title, run: () => verifyCase(core, file, testCase, scheme) });
      const vector = testCase.sign;
      if (vector === undefined) continue;
      for (const [name, signer] of signersOf(core))
        checks.push({
          title: vector.randomised
            ? `${title}: ${name} signs what verifies (a fresh signature each time)`
            : `${title}: ${name} reproduces the signature and round-trips`,
          async run() {
            const signed = await signer(scheme, vector.input, { now });
            const signature = signatureIn(file.scheme, signed);
            // ECDSA draws a new nonce per signature: its vectors are checked by verifying
            // what sign made (below), not by comparing bytes.
            check(
              vector.randomised === true || signature === vector.signature,
              () => `${name} gave ${show(signature)}, the vector says ${show(vector.signature)}`,
            );
            /** @type {import('@hookguard/core').WebhookRequest} */
            const request =
              file.scheme === 'smile-id'
                ? {
                    ...testCase.request,
                    body: JSON.stringify({ .../** @type {object} */ (signed), job_id: 'x' }),
                  }
                : {
                    method: String(vector.input.method ?? testCase.request.method),
                    url:
                      signedUrl(signed) ??
                      (testCase.request.url.startsWith('/')
                        ? String(vector.input.url ?? testCase.request.url)
                        : testCase.request.url),
                    headers: /** @type {{ headers: Record<string, string> }} */ (signed).headers,
                    body: /** @type {{ body: string }} */ (signed).body,
                  };
            const verified = await core.verify(scheme, request, { now });
            check(verified.provider === file.scheme, () => `verified as ${verified.provider}`);
          },
        });
    }
  for (const file of files)
    for (const vector of file.sign ?? [])
      for (const [name, signer] of signersOf(core))
        checks.push({
          title: `${file.scheme}: ${vector.name} (${name})`,
          async run() {
            const signature = signatureIn(
              file.scheme,
              await signer(schemeFor(core, file), vector.input),
            );
            check(
              signature === vector.signature,
              () => `${name} gave ${show(signature)}, the vector says ${show(vector.signature)}`,
            );
            if (vector.notSignature !== undefined)
              check(
                signature !== vector.notSignature,
                () => `${name} gave the wrong reading ${show(signature)}`,
              );
          },
        });
  return checks;
}

/**
 * One case through `verify`: accepted with the key and payload it names, or refused with its code.
 * @param {Core} core
 * @param {VectorFile} file
 * @param {VectorCase} testCase
 * @param {import('@hookguard/core').WebhookScheme} scheme
 */
async function verifyCase(core, file, testCase, scheme) {
  const expected = testCase.expect;
  let verified;
  try {
    verified = await core.verify(scheme, testCase.request, { now: () => testCase.now ?? 0 });
  } catch (error) {
    const code = /** @type {{ code?: unknown }} */ (error).code;
    check(
      'code' in expected && code === expected.code,
      () => `refused with ${show(code)} (${String(error)}); expected ${show(expected)}`,
    );
    return;
  }
  check('accepted' in expected, () => `accepted; expected ${show(expected)}`);
  check(verified.provider === file.scheme, () => `verified as ${verified.provider}`);
  check(
    verified.matchedKey === expected.matchedKey,
    () => `matched key ${show(verified.matchedKey)}, expected ${show(expected.matchedKey)}`,
  );
  if (expected.payload !== undefined) {
    // A JSON array (SendGrid's events) stays an array: spread, it would be an object.
    const payload = Array.isArray(verified.payload)
      ? verified.payload
      : { .../** @type {object} */ (verified.payload) };
    check(
      sameJson(payload, expected.payload),
      () => `payload ${show(payload)}, expected ${show(expected.payload)}`,
    );
  }
}
