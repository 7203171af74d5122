// @ts-check
/**
 * Part 1, micro: the cost of verifying one request, per body size, as a ratio to the floor
 * (`createHmac(…).update(body).digest()` + `timingSafeEqual`) run in the same process.
 * Each round runs every case once (tinybench), and many short rounds repeat in rotated
 * order. A shared machine's speed drifts between rounds far more than within one, so every
 * ratio is the median over rounds of the two cases' times *in the same round*.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  cashfree,
  ethoca,
  fiserv,
  github,
  sign,
  smileId,
  standardWebhooks,
  stripe as stripeScheme,
  twilio as twilioScheme,
  verify,
} from '@hookguard/core';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Cashfree, CFEnvironment } from 'cashfree-pg';
import smileCore from 'smile-identity-core';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Bench } from 'tinybench';
import twilio from 'twilio';
import { formFields, jsonBody, SIZES, sizeLabel } from './payloads.mjs';
import { median, pairedRatio, pairedSpreadPct } from './stats.mjs';

const SECRET = 'whsec_bench_secret_0123456789abcdef';
const NOW = 1_700_000_000_000;
const now = () => NOW;
// The benchmark measures verifying, not the body limit: Smile ID's 1 MiB case carries its
// signature fields on top of the body.
const VERIFY_OPTIONS = { now, bodyLimit: 2 * 1024 * 1024 };

/**
 * One measured job. `counterpart` names, for a peer, the hookguard case that does the same
 * job on the same payload: the "faster than every peer" target compares those two.
 * @typedef {{ name: string, group: 'floor' | 'hookguard' | 'peer', job: string, fn: () => unknown, counterpart?: string }} Case
 */

/**
 * Every case throws when its outcome is wrong: run each once before timing anything.
 * @returns {Promise<boolean>} whether the case is asynchronous (returns a promise)
 */
async function check(/** @type {Case} */ item) {
  try {
    const result = item.fn();
    await result;
    return result instanceof Promise;
  } catch (error) {
    throw new Error(`bench case "${item.name}" did not do its job: ${error}`);
  }
}

/**
 * A task that runs the case `batch` times: a small body verifies in a few microseconds,
 * close to the cost of the timer and of tinybench's own bookkeeping, so each sample times
 * a batch and is divided by it. An async case is awaited each time, as callers do.
 */
function batched(
  /** @type {Case} */ item,
  /** @type {boolean} */ isAsync,
  /** @type {number} */ batch,
) {
  const { fn } = item;
  return isAsync
    ? async () => {
        for (let i = 0; i < batch; i++) await fn();
      }
    : () => {
        for (let i = 0; i < batch; i++) fn();
      };
}

/** Calls per sample so one sample of the floor takes about 50 µs. */
function batchSize(/** @type {Case} */ floor) {
  for (let i = 0; i < 200; i++) floor.fn();
  const calls = 2000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) floor.fn();
  const perCallNs = Number(process.hrtime.bigint() - start) / calls;
  return Math.min(256, Math.max(1, Math.round(50_000 / perCallNs)));
}

/** Peers that answer a boolean: a false answer is a broken case, not a fast one. */
function truthy(/** @type {unknown} */ value) {
  if (!value) throw new Error('returned false');
  return value;
}

/** Every case for one body size. @param {number} size */
async function casesFor(size) {
  const text = jsonBody(size);
  const body = Buffer.from(text);
  const digest = createHmac('sha256', SECRET).update(body).digest();
  /** @type {Case[]} */
  const cases = [
    {
      name: 'floor: HMAC-SHA256 + timingSafeEqual',
      group: 'floor',
      job: 'verify',
      fn: () => timingSafeEqual(createHmac('sha256', SECRET).update(body).digest(), digest),
    },
    {
      name: 'floor + JSON.parse',
      group: 'floor',
      job: 'verify + parse',
      fn: () =>
        timingSafeEqual(createHmac('sha256', SECRET).update(body).digest(), digest) &&
        JSON.parse(body.toString('utf8')),
    },
  ];
  const tampered = (/** @type {import('@hookguard/core').WebhookRequest} */ request) => ({
    ...request,
    body: Buffer.from(`${text.slice(0, -2)}1}`),
  });
  /** @param {string} name @param {import('@hookguard/core').WebhookScheme} scheme @param {import('@hookguard/core').WebhookRequest} request */
  const hookguard = (name, scheme, request, bad = tampered(request)) => {
    cases.push({
      name: `hookguard ${name}`,
      group: 'hookguard',
      job: 'verify + parse',
      fn: () => verify(scheme, request, VERIFY_OPTIONS),
    });
    cases.push({
      name: `hookguard ${name} (tampered)`,
      group: 'hookguard',
      job: 'refuse',
      fn: () =>
        verify(scheme, bad, VERIFY_OPTIONS).then(
          () => {
            throw new Error('a tampered request verified');
          },
          () => undefined,
        ),
    });
  };
  const asRequest = (
    /** @type {{ headers: Readonly<Record<string, string>>, body: string | Uint8Array }} */ signed,
    url = '/hook',
  ) => ({
    method: 'POST',
    url,
    headers: signed.headers,
    body: Buffer.from(signed.body),
  });

  const cf = cashfree.webhook({ secret: SECRET });
  hookguard('cashfree.webhook', cf, asRequest(sign(cf, { body: text, timestamp: NOW })));
  const fv = fiserv({ apiKey: 'bench-key', secret: SECRET });
  hookguard('fiserv', fv, asRequest(sign(fv, { body: text, timestamp: NOW, requestId: 'r1' })));
  const eth = ethoca({ keys: { k1: SECRET }, publicUrl: 'https://merchant.example' });
  hookguard('ethoca', eth, asRequest(sign(eth, { url: '/hook', body: text }, { now })));
  const smile = smileId({ partnerId: '085', apiKey: SECRET });
  const pair = sign(smile, { timestamp: new Date(NOW).toISOString() });
  const smileBody = JSON.stringify({ ...pair, ...JSON.parse(text) });
  const smileRequest = {
    method: 'POST',
    url: '/hook',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(smileBody),
  };
  hookguard('smile-id', smile, smileRequest, {
    ...smileRequest,
    body: Buffer.from(smileBody.replace(pair.signature, `A${pair.signature.slice(1)}`)),
  });
  const sub = cashfree.subscription({ secret: SECRET });
  const subRequest = asRequest(sign(sub, { fields: formFields(size) }));
  hookguard('cashfree.subscription (form)', sub, subRequest, {
    ...subRequest,
    body: Buffer.from(String(subRequest.body).replace('cf_field00=v', 'cf_field00=w')),
  });

  // hookguard's presets for the peers' own formats, on the same payload as each peer.
  const st = stripeScheme({ secret: SECRET });
  hookguard('stripe', st, asRequest(sign(st, { body: text, timestamp: NOW })));
  const gh = github({ secret: SECRET });
  hookguard(
    'github',
    gh,
    asRequest(sign(gh, { body: text, headers: { 'x-github-delivery': 'd1' } })),
  );
  const standardSecret = Buffer.from(SECRET).toString('base64');
  const sw = standardWebhooks({ secret: standardSecret });
  hookguard(
    'standard-webhooks',
    sw,
    asRequest(sign(sw, { body: text, timestamp: NOW, headers: { 'webhook-id': 'msg_1' } })),
  );
  const twilioParams = formFields(size, '', 20);
  const tw = twilioScheme({ authToken: SECRET, publicUrl: 'https://merchant.example' });
  const twSigned = sign(tw, { url: '/twilio', params: twilioParams });
  const twRequest = asRequest(twSigned, '/twilio');
  hookguard('twilio (20-field form)', tw, twRequest, {
    ...twRequest,
    body: Buffer.from(String(twRequest.body).replace('field00=v', 'field00=w')),
  });

  // Peers, each doing the whole job: a verified, parsed event (JSON.parse added where the peer does not parse).
  const stripe = new Stripe('sk_test_bench');
  const stripeHeader = stripe.webhooks.generateTestHeaderString({
    payload: text,
    secret: SECRET,
    timestamp: NOW / 1000,
  });
  cases.push({
    name: 'stripe webhooks.constructEvent',
    group: 'peer',
    job: 'verify + parse',
    fn: () => stripe.webhooks.constructEvent(body, stripeHeader, SECRET, Number.MAX_SAFE_INTEGER),
    counterpart: 'hookguard stripe',
  });
  const octokitSignature = await octokitSign(SECRET, text);
  cases.push({
    name: '@octokit/webhooks-methods verify + JSON.parse',
    group: 'peer',
    job: 'verify + parse',
    fn: async () =>
      truthy(await octokitVerify(SECRET, body.toString('utf8'), octokitSignature)) &&
      JSON.parse(body.toString('utf8')),
    counterpart: 'hookguard github',
  });
  const standard = new Webhook(standardSecret);
  const standardHeaders = {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
    'webhook-signature': '',
  };
  standardHeaders['webhook-signature'] = standard.sign(
    'msg_1',
    new Date(Number(standardHeaders['webhook-timestamp']) * 1000),
    text,
  );
  cases.push({
    name: 'standardwebhooks Webhook.verify',
    group: 'peer',
    job: 'verify + parse',
    fn: () => standard.verify(body.toString('utf8'), standardHeaders),
    counterpart: 'hookguard standard-webhooks',
  });
  // cashfree-pg starts Sentry (error analytics, 100 % trace sampling) in its constructor
  // unless told not to; left on, its process-wide instrumentation would tax every other
  // case measured in this process.
  const cashfreeSdk = new Cashfree(
    CFEnvironment.SANDBOX,
    'bench-client',
    SECRET,
    undefined,
    undefined,
    undefined,
    false,
  );
  const cfSigned = sign(cf, { body: text, timestamp: NOW });
  cases.push({
    name: 'cashfree-pg PGVerifyWebhookSignature',
    group: 'peer',
    job: 'verify + parse',
    fn: () =>
      cashfreeSdk.PGVerifyWebhookSignature(
        String(cfSigned.headers['x-webhook-signature']),
        body.toString('utf8'),
        String(NOW),
      ),
    counterpart: 'hookguard cashfree.webhook',
  });
  const smileSdk = new smileCore.Signature('085', SECRET);
  cases.push({
    name: 'smile-identity-core confirm_signature + JSON.parse',
    group: 'peer',
    job: 'verify + parse',
    fn: () =>
      truthy(smileSdk.confirm_signature(pair.timestamp, pair.signature)) &&
      JSON.parse(smileRequest.body.toString('utf8')),
    counterpart: 'hookguard smile-id',
  });
  // Cashfree publishes no SDK for its form callbacks, only a recipe (PHP in its docs): sort
  // the `cf_` fields by name, join each name and value, base64 HMAC-SHA256, compare. This is
  // that recipe in JavaScript, with the parse a merchant's route needs, and `===` as the
  // recipe has it: the vendor's own cost for the job, the bar the form scheme must meet.
  const subBody = String(subRequest.body);
  cases.push({
    name: "Cashfree's documented form recipe + form parse (20 fields)",
    group: 'peer',
    job: 'verify + parse',
    fn: () => {
      const params = Object.fromEntries(new URLSearchParams(subBody));
      let data = '';
      for (const name of Object.keys(params)
        .filter((key) => key.startsWith('cf_'))
        .sort())
        data += name + params[name];
      const computed = createHmac('sha256', SECRET).update(data).digest('base64');
      return truthy(computed === params.signature) && params;
    },
    counterpart: 'hookguard cashfree.subscription (form)',
  });
  const twilioUrl = 'https://merchant.example/twilio';
  const twilioSignature = twilio.getExpectedTwilioSignature(SECRET, twilioUrl, twilioParams);
  const twilioBody = String(twRequest.body);
  cases.push({
    name: 'twilio validateRequest + form parse (20 fields)',
    group: 'peer',
    job: 'verify + parse',
    fn: () =>
      truthy(
        twilio.validateRequest(
          SECRET,
          twilioSignature,
          twilioUrl,
          Object.fromEntries(new URLSearchParams(twilioBody)),
        ),
      ),
    counterpart: 'hookguard twilio (20-field form)',
  });

  /** @type {Map<string, boolean>} */
  const isAsync = new Map();
  for (const item of cases) isAsync.set(item.name, await check(item));
  return { cases, isAsync };
}

/**
 * @param {{ rounds: number, time: number, sizes?: readonly number[] }} options
 * @returns {Promise<{ size: number, batch: number, rows: { name: string, group: string, job: string, counterpart: string | undefined, medianUs: number, spreadPct: number, ratio: number, rounds: number[] }[] }[]>}
 */
export async function runMicro({ rounds, time, sizes = SIZES }) {
  const results = [];
  for (const size of sizes) {
    const { cases, isAsync } = await casesFor(size);
    const batch = batchSize(/** @type {Case} */ (cases[0]));
    /** @type {Map<string, number[]>} */
    const perRound = new Map(cases.map((item) => [item.name, []]));
    for (let round = 0; round < rounds; round++) {
      // The JIT warms up once, in the first round; later rounds only measure.
      const bench = new Bench({
        time,
        warmup: round === 0,
        warmupTime: 100,
        warmupIterations: 16,
        iterations: 8,
      });
      const order = [...cases.slice(round % cases.length), ...cases.slice(0, round % cases.length)];
      for (const item of order)
        bench.add(item.name, batched(item, isAsync.get(item.name) === true, batch));
      await bench.run();
      for (const task of bench.tasks) {
        const result = /** @type {{ latency?: { p50: number } }} */ (task.result);
        perRound.get(task.name)?.push(((result.latency?.p50 ?? Number.NaN) * 1000) / batch);
      }
    }
    const floorRounds = perRound.get(cases[0]?.name ?? '') ?? [];
    const rows = cases.map((item) => {
      const values = perRound.get(item.name) ?? [];
      return {
        name: item.name,
        group: item.group,
        job: item.job,
        counterpart: item.counterpart,
        medianUs: median(values),
        spreadPct: pairedSpreadPct(values, floorRounds),
        ratio: pairedRatio(values, floorRounds),
        rounds: values,
      };
    });
    results.push({ size, batch, rows });
    process.stderr.write(`micro: ${sizeLabel(size)} done\n`);
  }
  return results;
}
