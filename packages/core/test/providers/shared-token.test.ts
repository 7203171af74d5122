import {
  explain,
  formatExplanation,
  MemoryReplayStore,
  sharedToken,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { accept, sha256 } from '../support/replay.js';

// The builder behind Telegram, GitLab's secret token, Xendit and Postmark: a secret sent
// as is, or as Basic credentials, compared in constant time and never shown.

const BODY = '{"event":"paid","amount":100}';
const post = (headers: Record<string, string | string[]>, body = BODY): WebhookRequest => ({
  method: 'POST',
  url: '/hook',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const token = sharedToken({ name: 'acme', header: 'X-Acme-Token', secret: 's3cr3t-value-1' });
const basic = sharedToken({
  name: 'acme.basic',
  header: 'Authorization',
  scheme: 'basic',
  secret: 'hooks:s3cret:pass',
});
const basicHeader = (credentials: string, scheme = 'Basic') =>
  `${scheme} ${Buffer.from(credentials).toString('base64')}`;

describe('sharedToken', () => {
  it('accepts the token in the header it names, as is', async () => {
    await expect(verify(token, post({ 'x-acme-token': 's3cr3t-value-1' }))).resolves.toMatchObject({
      provider: 'acme',
      matchedKey: 0,
      payload: JSON.parse(BODY),
    });
  });

  it('rejects with invalid_signature another token, a prefix and a longer one, and with missing_signature none', async () => {
    for (const value of ['s3cr3t-value-2', 's3cr3t-value-', 's3cr3t-value-12', 'S3CR3T-VALUE-1'])
      await expect(verify(token, post({ 'x-acme-token': value }))).rejects.toMatchObject({
        code: 'invalid_signature',
      });
    await expect(verify(token, post({}))).rejects.toMatchObject({ code: 'missing_signature' });
  });

  it('rejects a repeated token header with malformed_request, whatever the copies hold', async () => {
    await expect(
      verify(token, post({ 'x-acme-token': ['s3cr3t-value-1', 's3cr3t-value-1'] })),
    ).rejects.toMatchObject({ code: 'malformed_request' });
  });

  it('accepts every configured token while rotating, and signs with the first', async () => {
    const rotating = sharedToken({ name: 'acme', header: 'x-acme-token', secret: ['new', 'old'] });
    await expect(verify(rotating, post({ 'x-acme-token': 'old' }))).resolves.toMatchObject({
      matchedKey: 1,
    });
    expect(sign(rotating, { body: BODY }).headers).toEqual({
      'content-type': 'application/json',
      'x-acme-token': 'new',
    });
  });

  it('sends the other headers it is given, and the token in its own header whatever they say', () => {
    const signed = sign(token, {
      body: { a: 1 },
      headers: { 'X-Acme-Event': 'paid', 'x-acme-token': 'forged' },
    });
    expect(signed).toEqual({
      headers: {
        'content-type': 'application/json',
        'x-acme-event': 'paid',
        'x-acme-token': 's3cr3t-value-1',
      },
      body: '{"a":1}',
    });
  });

  it('deduplicates on the body for 24 h: nothing else tells two deliveries apart', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await accept(token, post({ 'x-acme-token': 's3cr3t-value-1', 'x-id': '1' }), {
      replayStore,
    });
    expect(first.replayClaim?.key).toBe(`acme:body:${sha256(BODY)}`);
    expect(token.replayTtlSeconds).toBe(86_400);
    expect(token.tolerance).toBe(false);
    await expect(
      verify(token, post({ 'x-acme-token': 's3cr3t-value-1', 'x-id': '2' }), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
    await expect(
      verify(token, post({ 'x-acme-token': 's3cr3t-value-1' }, `${BODY} `), { replayStore }),
    ).resolves.toBeDefined();
  });

  it('never shows the token, nor a piece of it, in an explanation or an error', async () => {
    for (const value of ['s3cr3t-value-1', 's3cr3t-value-9']) {
      const request = post({ 'x-acme-token': value });
      for (const explanation of [
        explain(token, request),
        explain(token, request, { revealExpected: true }),
      ]) {
        const text = JSON.stringify(explanation) + formatExplanation(explanation);
        expect(text).not.toContain('s3cr3t-value');
        expect(text).not.toContain(Buffer.from('s3cr3t-value').toString('hex').slice(0, 8));
        expect(explanation.algorithm).toBe('token compared as is (no HMAC)');
      }
      const error = await verify(token, request).catch((e: Error) => e);
      expect(String((error as Error)?.message ?? '')).not.toContain('s3cr3t-value');
    }
  });

  it('refuses at configuration a header that is not a name, an unknown scheme and no secret', () => {
    for (const header of ['bad header', '', 42, undefined])
      expect(() => sharedToken({ name: 'acme', header: header as string, secret: 's' })).toThrow(
        /acme: header must be an HTTP header name/,
      );
    expect(() =>
      sharedToken({ name: 'acme', header: 'x', secret: 's', scheme: 'bearer' as never }),
    ).toThrow(/scheme must be 'token' or 'basic'/);
    expect(() => sharedToken({ name: 'acme', header: 'x', secret: [] })).toThrow(
      /acme: secret is required/,
    );
    expect(() => sharedToken({ name: 'Acme', header: 'x', secret: 's' })).toThrow(TypeError);
  });
});

describe("sharedToken with scheme: 'basic'", () => {
  it('accepts Basic credentials, the scheme name in any case, the password holding a colon', async () => {
    for (const scheme of ['Basic', 'basic', 'BASIC'])
      await expect(
        verify(basic, post({ authorization: basicHeader('hooks:s3cret:pass', scheme) })),
      ).resolves.toMatchObject({ matchedKey: 0 });
  });

  it('rejects with invalid_signature other credentials, unencoded ones, another scheme and bad base64', async () => {
    for (const value of [
      basicHeader('hooks:s3cret'),
      basicHeader('other:s3cret:pass'),
      'Basic hooks:s3cret:pass',
      basicHeader('hooks:s3cret:pass', 'Bearer'),
      'Basic',
      `Basic ${Buffer.from('hooks:s3cret:pass').toString('base64')}!`,
      `Basic ${Buffer.from('hooks:s3cret:pass').toString('base64url')}_`,
    ])
      await expect(verify(basic, post({ authorization: value }))).rejects.toMatchObject({
        code: 'invalid_signature',
      });
  });

  it('says what it expected when the header is not Basic credentials', async () => {
    await expect(verify(basic, post({ authorization: 'Bearer abc' }))).rejects.toThrow(
      'the authorization header cannot be decoded; expected Basic <base64 of username:password>.',
    );
  });

  it('signs Basic and the base64 of the first credentials', () => {
    expect(sign(basic, { body: BODY }).headers.authorization).toBe(
      basicHeader('hooks:s3cret:pass'),
    );
  });

  it('never shows the credentials, encoded or not', () => {
    const request = post({ authorization: basicHeader('hooks:s3cret:pass') });
    const explanation = explain(basic, request, { revealExpected: true });
    const text = JSON.stringify(explanation) + formatExplanation(explanation);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain(Buffer.from('hooks:s3cret').toString('base64').slice(0, 8));
    expect(explanation.algorithm).toBe('Basic credentials compared as is (no HMAC)');
  });

  it('refuses at configuration credentials without a user name and a colon', () => {
    for (const secret of ['no-colon', ':password'])
      expect(() =>
        sharedToken({ name: 'acme', header: 'authorization', scheme: 'basic', secret }),
      ).toThrow(/acme: secret\[0\] is not in the form/);
  });
});
