import {
  discord,
  emptyReply,
  explain,
  formatExplanation,
  formFlag,
  headerChallenge,
  hmac,
  jsonReply,
  queryChallenge,
  sign,
  signedHandshake,
  slack,
  textReply,
  verify,
  type WebhookRequest,
  WebhookVerificationError,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';

// The handshake mechanism on its own: which request each flow recognises, what it answers,
// and what it refuses. The adapters' table (test/adapters/handshakes.test.ts) runs the same
// flows over real servers.

const NOW = 1_700_000_000_000;
const SECRET = 'handshake-secret';
const TOKEN = 'verify-token';

const scheme = hmac({
  name: 'acme',
  secret: SECRET,
  signature: { header: 'x-acme-signature' },
  timestamp: { header: 'x-acme-timestamp', unit: 's' },
  message: '{timestamp}.{body}',
  handshakes: [
    queryChallenge({
      name: 'acme.subscribe',
      arrives: 'GET ?mode=subscribe&token=…&challenge=…',
      challenge: 'challenge',
      when: { param: 'mode', equals: 'subscribe' },
      token: { param: 'token', expected: TOKEN },
    }),
    queryChallenge({
      name: 'acme.mac-challenge',
      arrives: 'GET ?mac_challenge=…',
      challenge: 'mac_challenge',
      reply: (challenge, request) =>
        textReply(Buffer.from(request.hmac('sha1', challenge) ?? []).toString('hex')),
    }),
    headerChallenge({
      name: 'acme.header',
      arrives: 'GET with x-acme-challenge',
      header: 'x-acme-challenge',
      methods: ['GET'],
      reply: (challenge) => jsonReply({ verification: challenge }),
    }),
    formFlag({ name: 'acme.probe', arrives: 'POST probe=1', field: 'probe', equals: '1' }),
    signedHandshake({
      name: 'acme.validate',
      arrives: 'POST {"event":"validate","token":"…"} (signed)',
      match: { field: 'event', equals: 'validate' },
      reply: (payload, request) => {
        const token = String((payload as { token: string }).token);
        return jsonReply({
          token,
          mac: Buffer.from(request.hmac('sha256', token) ?? []).toString('hex'),
        });
      },
    }),
    signedHandshake({
      name: 'acme.header-verification',
      arrives: 'POST with x-acme-type: verification (signed)',
      match: { header: 'x-acme-type', equals: 'verification' },
      reply: () => emptyReply(),
    }),
  ],
});
const route = webhookRoute(scheme, { now: () => NOW }, ['respond'], 'test');

const get = (url: string, headers: Record<string, string> = {}): WebhookRequest => ({
  method: 'GET',
  url,
  headers,
  body: '',
});

async function answerOf(request: WebhookRequest) {
  const outcome = await route.handle(request);
  if (outcome.kind !== 'handshake') throw new Error(`not a handshake: ${outcome.kind}`);
  return outcome.handshake;
}

async function refusalOf(request: WebhookRequest) {
  return route.handle(request).then(
    () => {
      throw new Error('accepted');
    },
    (error: { code: string; status: number; message: string }) => error,
  );
}

describe('unsigned handshakes', () => {
  it('echoes a GET challenge as text when the verify token matches', async () => {
    const answered = await answerOf(get('/h?mode=subscribe&token=verify-token&challenge=42'));
    expect(answered).toEqual({
      name: 'acme.subscribe',
      reply: {
        status: 200,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'x-content-type-options': 'nosniff',
        },
        body: '42',
      },
    });
  });

  it('refuses a wrong, empty or absent verify token with handshake_refused, never echoing', async () => {
    for (const query of ['token=verify-tokem&', 'token=&', '', 'token=verify-token-longer&']) {
      const error = await refusalOf(get(`/h?mode=subscribe&${query}challenge=42`));
      expect(error).toMatchObject({ code: 'handshake_refused', status: 403 });
      expect(error.message).not.toContain(TOKEN);
    }
  });

  it('is not the handshake when the mode differs: the signature is then required', async () => {
    const error = await refusalOf(get('/h?mode=unsubscribe&token=verify-token&challenge=42'));
    expect(error.code).toBe('missing_signature');
  });

  it('answers only GET and HEAD', async () => {
    const error = await refusalOf({
      ...get('/h?mode=subscribe&token=verify-token&challenge=1'),
      method: 'POST',
    });
    expect(error.code).toBe('missing_signature');
    expect(
      (
        await answerOf({
          ...get('/h?mode=subscribe&token=verify-token&challenge=1'),
          method: 'HEAD',
        })
      ).name,
    ).toBe('acme.subscribe');
  });

  it.each([
    ['empty', ''],
    ['markup', '<b>'],
    ['a space', 'a b'],
    ['a line break', 'a%0D%0AX-Injected:%201'],
    ['non-ASCII', '%C3%A9'],
    ['too long', 'x'.repeat(1025)],
  ])('refuses a challenge that is %s with malformed_request', async (_, challenge) => {
    const error = await refusalOf(
      get(`/h?mode=subscribe&token=verify-token&challenge=${challenge}`),
    );
    expect(error).toMatchObject({ code: 'malformed_request', status: 400 });
  });

  it('echoes a challenge of exactly 1024 characters', async () => {
    const challenge = 'x'.repeat(1024);
    const answered = await answerOf(
      get(`/h?mode=subscribe&token=verify-token&challenge=${challenge}`),
    );
    expect(answered.reply.body).toBe(challenge);
  });

  it('answers with a MAC of the challenge under the first configured key', async () => {
    const answered = await answerOf(get('/h?mac_challenge=abc123'));
    const { createHmac } = await import('node:crypto');
    expect(answered.reply.body).toBe(createHmac('sha1', SECRET).update('abc123').digest('hex'));
  });

  it('answers a challenge header, and only with the listed methods', async () => {
    const answered = await answerOf(get('/h', { 'x-acme-challenge': 'c-1' }));
    expect(answered.reply.body).toBe('{"verification":"c-1"}');
    const error = await refusalOf({ ...get('/h', { 'x-acme-challenge': 'c-1' }), method: 'PUT' });
    expect(error.code).toBe('missing_signature');
  });

  it('refuses a repeated challenge header as malformed_request', async () => {
    const error = await refusalOf(get('/h', { 'x-acme-challenge': ['a', 'b'] } as never));
    expect(error.code).toBe('malformed_request');
  });

  it('answers a form flag with an empty 200, but only on a form POST', async () => {
    const form = {
      method: 'POST',
      url: '/h',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'probe=1&token=x',
    };
    expect(await answerOf(form)).toEqual({
      name: 'acme.probe',
      reply: { status: 200, headers: {}, body: '' },
    });
    const asJson = {
      ...form,
      headers: { 'content-type': 'application/json' },
      body: '{"probe":"1"}',
    };
    expect((await refusalOf(asJson)).code).toBe('missing_signature');
    expect((await refusalOf({ ...form, body: 'probe=0' })).code).toBe('missing_signature');
  });
});

describe('signed handshakes', () => {
  const signedValidate = (body: unknown, headers: Record<string, string> = {}) => {
    const message = sign(scheme, { body, timestamp: NOW });
    return {
      method: 'POST',
      url: '/h',
      headers: { ...message.headers, ...headers },
      body: message.body,
    };
  };

  it('answers once verified, with a MAC under the key that verified it', async () => {
    const answered = await answerOf(signedValidate({ event: 'validate', token: 'plain-1' }));
    const { createHmac } = await import('node:crypto');
    expect(JSON.parse(answered.reply.body)).toEqual({
      token: 'plain-1',
      mac: createHmac('sha256', SECRET).update('plain-1').digest('hex'),
    });
  });

  it('refuses a forged one before looking at it', async () => {
    const forged = signedValidate({ event: 'validate', token: 'plain-1' });
    const error = await refusalOf({ ...forged, body: '{"event":"validate","token":"mine"}' });
    expect(error.code).toBe('invalid_signature');
  });

  it('refuses a stale one like any delivery', async () => {
    const message = sign(scheme, {
      body: { event: 'validate', token: 't' },
      timestamp: NOW - 3_600_000,
    });
    const error = await refusalOf({
      method: 'POST',
      url: '/h',
      headers: message.headers,
      body: message.body,
    });
    expect(error.code).toBe('timestamp_out_of_tolerance');
  });

  it('recognises a header the request carries once it verified', async () => {
    const answered = await answerOf(
      signedValidate({ event: 'other' }, { 'x-acme-type': 'verification' }),
    );
    expect(answered.name).toBe('acme.header-verification');
  });

  it('returns any other verified delivery as a webhook', async () => {
    const outcome = await route.handle(signedValidate({ event: 'payment' }));
    expect(outcome.kind).toBe('webhook');
  });

  it('leaves plain verify() alone: a handshake is returned as a verified webhook', async () => {
    const verified = await verify(scheme, signedValidate({ event: 'validate', token: 't' }), {
      now: () => NOW,
    });
    expect(verified.payload).toEqual({ event: 'validate', token: 't' });
    expect(verified.handshake).toBeUndefined();
  });

  it("with handshakes: 'pass', returns it as a webhook carrying the answer", async () => {
    const passing = webhookRoute(
      scheme,
      { now: () => NOW, handshakes: 'pass' },
      ['respond'],
      'test',
    );
    const outcome = await passing.handle(signedValidate({ event: 'validate', token: 't' }));
    if (outcome.kind !== 'webhook') throw new Error('expected a webhook');
    expect(outcome.webhook.handshake?.name).toBe('acme.validate');
    // Unsigned ones are still answered: nothing in them is authenticated.
    expect(
      (await passing.handle(get('/h?mode=subscribe&token=verify-token&challenge=1'))).kind,
    ).toBe('handshake');
  });

  it('refuses a handshakes option that is neither answer nor pass', () => {
    expect(() =>
      webhookRoute(scheme, { handshakes: 'ignore' as never }, ['respond'], 'test'),
    ).toThrow("[hookguard] test: handshakes must be 'answer' or 'pass'.");
  });
});

describe('the presets', () => {
  it("answers Slack's url_verification with the challenge", async () => {
    const slackScheme = slack({ signingSecret: SECRET });
    const message = sign(slackScheme, {
      body: { type: 'url_verification', challenge: 'ch-1', token: 'x' },
      timestamp: NOW,
    });
    const outcome = await webhookRoute(slackScheme, { now: () => NOW }, ['respond'], 't').handle({
      method: 'POST',
      url: '/s',
      headers: message.headers,
      body: message.body,
    });
    expect(outcome).toMatchObject({
      kind: 'handshake',
      handshake: { name: 'slack.url_verification' },
    });
  });

  it("refuses Slack's url_verification whose challenge is not a string", async () => {
    const slackScheme = slack({ signingSecret: SECRET });
    const message = sign(slackScheme, {
      body: { type: 'url_verification', challenge: 7 },
      timestamp: NOW,
    });
    const outcome = webhookRoute(slackScheme, { now: () => NOW }, ['respond'], 't').handle({
      method: 'POST',
      url: '/s',
      headers: message.headers,
      body: message.body,
    });
    await expect(outcome).rejects.toMatchObject({ code: 'malformed_request' });
  });
});

describe('explain', () => {
  it('names an unsigned handshake and its answer, with no signature check', () => {
    const explanation = explain(scheme, get('/h?mode=subscribe&token=verify-token&challenge=42'), {
      now: () => NOW,
    });
    expect(explanation.verdict).toEqual({ ok: true, handshake: 'acme.subscribe' });
    expect(explanation.checks.map((check) => `${check.check}:${check.outcome}`)).toEqual([
      'media type:passed',
      'handshake:passed',
      'signature inputs:not reached',
      'key id:not reached',
      'signature:not reached',
      'timestamp:not reached',
      'payload:not reached',
    ]);
    const text = formatExplanation(explanation);
    expect(text).toContain('verdict: answered as the handshake acme.subscribe');
    expect(text).toContain('answered 200: 42');
  });

  it('shows a refused unsigned handshake as the failed check, never the token', () => {
    const explanation = explain(scheme, get('/h?mode=subscribe&token=nope&challenge=42'), {
      now: () => NOW,
    });
    expect(explanation.verdict).toMatchObject({ ok: false, code: 'handshake_refused' });
    expect(JSON.stringify(explanation)).not.toContain(TOKEN);
  });

  it('names a signed handshake once the request verified', () => {
    const message = sign(scheme, { body: { event: 'validate', token: 't' }, timestamp: NOW });
    const explanation = explain(
      scheme,
      { method: 'POST', url: '/h', headers: message.headers, body: message.body },
      { now: () => NOW },
    );
    expect(explanation.verdict).toEqual({ ok: true, matchedKey: 0 });
    expect(explanation.handshake).toMatchObject({ name: 'acme.validate', signed: true });
    expect(formatExplanation(explanation)).toContain('handshake: acme.validate, signed');
  });

  it('names no handshake for a forged signed one', () => {
    const message = sign(scheme, { body: { event: 'validate', token: 't' }, timestamp: NOW });
    const explanation = explain(
      scheme,
      {
        method: 'POST',
        url: '/h',
        headers: message.headers,
        body: '{"event":"validate","token":"u"}',
      },
      { now: () => NOW },
    );
    expect(explanation.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
    expect(explanation.handshake).toBeUndefined();
  });

  it("shows Discord's PING answer", () => {
    const discordScheme = discord({
      publicKey: 'aeec958b0f5e6074c50cb570efce93898388709142d23d4f01ead3ff149f0bb2',
      privateKey: 'e5ca5b34ce2b41b28a8d07568ac4ab51ebe021cd6565e81ecf05fadc93031171',
    });
    const ping = sign(discordScheme, { body: { type: 1 }, timestamp: NOW });
    const explanation = explain(
      discordScheme,
      { method: 'POST', url: '/d', headers: ping.headers, body: ping.body },
      { now: () => NOW },
    );
    expect(explanation.handshake).toMatchObject({
      name: 'discord.ping',
      reply: { body: '{"type":1}' },
    });
  });
});

describe('a step before the answer (perform)', () => {
  const performed: string[] = [];
  const stepping = hmac({
    name: 'acme',
    secret: SECRET,
    signature: { header: 'x-acme-signature' },
    handshakes: [
      signedHandshake({
        name: 'acme.confirm',
        arrives: 'POST {"event":"confirm","url":"…"} (signed)',
        match: { field: 'event', equals: 'confirm' },
        reply: () => emptyReply(),
        perform: async (payload) => {
          const { url } = payload as { url: string };
          if (url === 'down') throw new WebhookVerificationError('handshake_failed', 'down');
          performed.push(url);
        },
      }),
      // An unsigned flow never gets to act: nothing in it is authenticated.
      {
        name: 'acme.unsigned',
        signed: false,
        arrives: 'GET ?ping',
        answer: (request) => (request.query('ping') === undefined ? undefined : emptyReply()),
        perform: async () => {
          performed.push('unsigned');
        },
      },
    ],
  });
  const confirm = (url: string) => {
    const message = sign(stepping, { body: { event: 'confirm', url } });
    return { method: 'POST', url: '/h', headers: message.headers, body: message.body };
  };

  it('runs before a route answers, and its failure is the answer', async () => {
    performed.length = 0;
    const answering = webhookRoute(stepping, {}, ['respond'], 'test');
    expect((await answering.handle(confirm('https://a.example/1'))).kind).toBe('handshake');
    expect(performed).toEqual(['https://a.example/1']);
    await expect(answering.handle(confirm('down'))).rejects.toMatchObject({
      code: 'handshake_failed',
      status: 503,
    });
  });

  it("is left to the handler with handshakes: 'pass', and never run by explain", async () => {
    performed.length = 0;
    const passing = webhookRoute(stepping, { handshakes: 'pass' }, ['respond'], 'test');
    const outcome = await passing.handle(confirm('https://a.example/2'));
    if (outcome.kind !== 'webhook') throw new Error('expected a webhook');
    expect(performed).toEqual([]);
    expect(explain(stepping, confirm('https://a.example/3')).handshake?.name).toBe('acme.confirm');
    expect(performed).toEqual([]);
    await outcome.webhook.handshake?.perform?.();
    expect(performed).toEqual(['https://a.example/2']);
  });

  it('is never attached to an unsigned handshake', async () => {
    performed.length = 0;
    const answering = webhookRoute(stepping, {}, ['respond'], 'test');
    const outcome = await answering.handle(get('/h?ping=1'));
    expect(outcome).toEqual({
      kind: 'handshake',
      handshake: { name: 'acme.unsigned', reply: emptyReply() },
    });
    expect(performed).toEqual([]);
  });
});
