// @ts-check
/**
 * Part 6, public-key schemes: hookguard's verify of an Ed25519 (Discord), ECDSA P-256
 * (SendGrid, DER) and RSA-2048 SHA-256 (PayPal, its certificate already cached) delivery,
 * each as a multiple of the bare `node:crypto` `verify` of the same signature over the same
 * message with a key object made once, plus `JSON.parse` (and, for PayPal, zlib's CRC-32 of
 * the body, which its message needs), measured in the same round.
 */
import { createPublicKey, generateKeyPairSync, verify as opensslVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import * as core from '@hookguard/core';
import { jsonBody, sizeLabel } from './payloads.mjs';
import { measureRounds } from './rounds.mjs';
import { median, pairedRatio, pairedSpreadPct } from './stats.mjs';

const PAYPAL = JSON.parse(
  readFileSync(
    new URL('../../packages/core/test/fixtures/paypal-sdk-vector.json', import.meta.url),
    'utf8',
  ),
);

/** @param {boolean} ok */
function mustVerify(ok) {
  if (!ok) throw new Error('the floor refused the signature');
}

/** @param {import('node:crypto').KeyObject} key */
const spkiBase64 = (key) => key.export({ type: 'spki', format: 'der' }).toString('base64');
/** @param {import('node:crypto').KeyObject} key */
const pkcs8Base64 = (key) => key.export({ type: 'pkcs8', format: 'der' }).toString('base64');

/** @param {number} size */
async function casesFor(size) {
  const text = jsonBody(size);
  const now = 1_700_000_000_000;
  const options = { now: () => now };
  const request = (
    /** @type {{ headers: Readonly<Record<string, string>>, body: string | Uint8Array }} */ signed,
  ) => ({
    method: 'POST',
    url: '/hook',
    headers: signed.headers,
    body: Buffer.from(String(signed.body)),
  });

  const ed = generateKeyPairSync('ed25519');
  const discord = core.discord({
    publicKey: ed.publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('hex'),
    privateKey: ed.privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(16).toString('hex'),
  });
  const discordSigned = core.sign(discord, { body: text, timestamp: now });
  const discordMessage = Buffer.from(`${discordSigned.headers['x-signature-timestamp']}${text}`);
  const discordSignature = Buffer.from(discordSigned.headers['x-signature-ed25519'] ?? '', 'hex');

  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const sendgrid = core.sendgrid({
    publicKey: spkiBase64(ec.publicKey),
    privateKey: pkcs8Base64(ec.privateKey),
  });
  const sendgridSigned = core.sign(sendgrid, { body: text, timestamp: now });
  const sendgridMessage = Buffer.from(
    `${sendgridSigned.headers['x-twilio-email-event-webhook-timestamp']}${text}`,
  );
  const sendgridSignature = Buffer.from(
    sendgridSigned.headers['x-twilio-email-event-webhook-signature'] ?? '',
    'base64',
  );

  // PayPal's own transmission and certificate, served by an in-process fetch; the first
  // verification below fetches it, every measured one finds it cached.
  const paypalNow = Date.parse(PAYPAL.transmissionTime) + 60_000;
  const paypal = core.paypal({
    webhookId: PAYPAL.webhookId,
    fetch: async () => new Response(PAYPAL.certificatePem),
  });
  const paypalRequest = {
    method: 'POST',
    url: '/hook',
    headers: {
      'content-type': 'application/json',
      'paypal-transmission-id': PAYPAL.transmissionId,
      'paypal-transmission-time': PAYPAL.transmissionTime,
      'paypal-transmission-sig': PAYPAL.transmissionSig,
      'paypal-cert-url': PAYPAL.certUrl,
      'paypal-auth-algo': 'SHA256withRSA',
    },
    body: Buffer.from(PAYPAL.body),
  };
  await core.verify(paypal, paypalRequest, { now: () => paypalNow });
  const paypalKey = createPublicKey(PAYPAL.certificatePem);
  const paypalSignature = Buffer.from(PAYPAL.transmissionSig, 'base64');
  const paypalPrefix = `${PAYPAL.transmissionId}|${PAYPAL.transmissionTime}|${PAYPAL.webhookId}|`;

  return [
    {
      name: 'Ed25519: node:crypto verify + parse',
      batch: 16,
      run: () => {
        mustVerify(opensslVerify(null, discordMessage, ed.publicKey, discordSignature));
        return JSON.parse(text);
      },
    },
    {
      name: 'Ed25519: hookguard discord',
      batch: 16,
      run: () => core.verify(discord, request(discordSigned), options),
    },
    {
      name: 'ECDSA P-256: node:crypto verify + parse',
      batch: 16,
      run: () => {
        mustVerify(opensslVerify('sha256', sendgridMessage, ec.publicKey, sendgridSignature));
        return JSON.parse(text);
      },
    },
    {
      name: 'ECDSA P-256: hookguard sendgrid',
      batch: 16,
      run: () => core.verify(sendgrid, request(sendgridSigned), options),
    },
    {
      name: 'RSA-2048: node:crypto verify + CRC-32 + parse',
      batch: 16,
      run: () => {
        const message = Buffer.from(`${paypalPrefix}${crc32(paypalRequest.body)}`);
        mustVerify(opensslVerify('sha256', message, paypalKey, paypalSignature));
        return JSON.parse(PAYPAL.body);
      },
    },
    {
      name: 'RSA-2048: hookguard paypal (certificate cached)',
      batch: 16,
      run: () => core.verify(paypal, paypalRequest, { now: () => paypalNow }),
    },
  ];
}

/** The pairs reported: hookguard's case ÷ its floor. */
const PAIRS = [
  ['Ed25519 (discord)', 'Ed25519: hookguard discord', 'Ed25519: node:crypto verify + parse'],
  [
    'ECDSA P-256, DER (sendgrid)',
    'ECDSA P-256: hookguard sendgrid',
    'ECDSA P-256: node:crypto verify + parse',
  ],
  [
    'RSA-2048 SHA-256 (paypal)',
    'RSA-2048: hookguard paypal (certificate cached)',
    'RSA-2048: node:crypto verify + CRC-32 + parse',
  ],
];

/**
 * @param {{ rounds: number, time: number, sizes: readonly number[] }} options
 */
export async function runPublicKey({ rounds, time, sizes }) {
  const results = [];
  for (const size of sizes) {
    const cases = await casesFor(size);
    for (const item of cases) await item.run();
    const perRound = await measureRounds(cases, { rounds, time });
    const of = (/** @type {string} */ name) => perRound.get(name) ?? [];
    results.push({
      size,
      medians: cases.map((item) => ({ name: item.name, us: median(of(item.name)) })),
      ratios: PAIRS.map(([what, ours, floor]) => ({
        what: /** @type {string} */ (what),
        value: pairedRatio(of(/** @type {string} */ (ours)), of(/** @type {string} */ (floor))),
        spreadPct: pairedSpreadPct(
          of(/** @type {string} */ (ours)),
          of(/** @type {string} */ (floor)),
        ),
      })),
    });
    process.stderr.write(`public key: ${sizeLabel(size)} done\n`);
  }
  return results;
}
