import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { MemoryReplayStore, sign, stripe, twilio } from '@hookguard/core';
import { webhook } from '@hookguard/express';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Google Cloud Functions (and Firebase's HTTP functions, built on it): the Functions
// Framework parses every body before the function runs and keeps the bytes in
// `req.rawBody`. The Express adapter verifies those bytes, within its own limit. These run
// the real framework's server (`getTestServer`), over a socket.

const NOW = 1_700_000_000_000;
const SECRET = 'whsec_cloud_functions_test';
const scheme = stripe({ secret: SECRET });
const replayStore = new MemoryReplayStore();
const verifyStripe = webhook(scheme, { now: () => NOW, replayStore, limit: 4096 });
const verifyTwilio = webhook(
  twilio({ authToken: 'twilio_auth_token', publicUrl: 'https://fn.example.com' }),
  { now: () => NOW },
);

http('stripeWebhook', (req, res) => {
  verifyStripe(req, res, (error?: unknown) => {
    if (error !== undefined) {
      res.status(500).json({ error: String(error) });
      return;
    }
    res.json({ received: req.webhook?.payload });
  });
});

http('twilioWebhook', (req, res) => {
  verifyTwilio(req, res, () => {
    res.type('text/xml').send('<Response/>');
  });
});

let stripeServer: Server;
let twilioServer: Server;
beforeAll(() => {
  stripeServer = getTestServer('stripeWebhook');
  twilioServer = getTestServer('twilioWebhook');
});
afterAll(() => {
  stripeServer.close();
  twilioServer.close();
});

function stripeHeader(body: Uint8Array): string {
  const t = Math.floor(NOW / 1000);
  const digest = createHmac('sha256', SECRET)
    .update(Buffer.concat([Buffer.from(`${t}.`), body]))
    .digest('hex');
  return `t=${t},v1=${digest}`;
}

describe('@hookguard/express on Google Cloud Functions (the Functions Framework)', () => {
  it('verifies the bytes the framework kept in req.rawBody, and refuses a changed body', async () => {
    const signed = sign(scheme, { body: { id: 'evt_gcf', amount: 100 }, timestamp: NOW });
    const ok = await request(stripeServer)
      .post('/')
      .set(signed.headers)
      .send(signed.body as string);
    expect([ok.status, ok.body]).toEqual([200, { received: { id: 'evt_gcf', amount: 100 } }]);
    const replay = await request(stripeServer)
      .post('/')
      .set(signed.headers)
      .send(signed.body as string);
    expect([replay.status, replay.body.error.code]).toEqual([401, 'replayed']);
    const forged = await request(stripeServer)
      .post('/')
      .set(signed.headers)
      .send((signed.body as string).replace('100', '1'));
    expect([forged.status, forged.body.error.code]).toEqual([401, 'invalid_signature']);
  });

  it('verifies random Unicode bodies byte for byte through the framework’s JSON parser', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (text) => {
        const body = Buffer.from(JSON.stringify({ text, id: `evt_${Math.random()}` }));
        const response = await request(stripeServer)
          .post('/')
          .set({ 'content-type': 'application/json', 'stripe-signature': stripeHeader(body) })
          // As text: superagent would serialise a Buffer as JSON.
          .send(body.toString('utf8'));
        expect([response.status, response.body.error?.code]).toEqual([200, undefined]);
        expect(response.body.received.text).toBe(text);
      }),
      { numRuns: 30 },
    );
  });

  it('holds its limit on a body the framework already read (it reads up to 32 MB)', async () => {
    const signed = sign(scheme, { body: { pad: 'x'.repeat(5000) }, timestamp: NOW });
    const response = await request(stripeServer)
      .post('/')
      .set(signed.headers)
      .send(signed.body as string);
    expect([response.status, response.body.error.code]).toEqual([413, 'body_too_large']);
  });

  it('refuses a media type the scheme does not take, though the framework parsed it', async () => {
    const signed = sign(scheme, { body: { id: 'evt_text' }, timestamp: NOW });
    const response = await request(stripeServer)
      .post('/')
      .set({ ...signed.headers, 'content-type': 'text/plain' })
      .send(signed.body as string);
    expect([response.status, response.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('verifies a form post (Twilio) from the bytes, not the parsed fields', async () => {
    const scheme = twilio({ authToken: 'twilio_auth_token', publicUrl: 'https://fn.example.com' });
    const signed = sign(scheme, {
      url: '/sms',
      params: { From: '+15550100', Body: 'héllo wörld ✓', MessageSid: 'SM1' },
    });
    const ok = await request(twilioServer)
      .post('/sms')
      .set(signed.headers)
      .send(signed.body as string);
    expect([ok.status, ok.body.error?.message]).toEqual([200, undefined]);
    const forged = await request(twilioServer)
      .post('/sms')
      .set(signed.headers)
      .send((signed.body as string).replace('SM1', 'SM2'));
    expect([forged.status, forged.body.error.code]).toEqual([401, 'invalid_signature']);
  });
});
