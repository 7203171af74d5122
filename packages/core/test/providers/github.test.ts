import { createHmac } from 'node:crypto';
import { explain, github, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('github');

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'github (X-GitHub-Delivery unsigned)',
      github({ secret: 's' }),
      post(
        sign(github({ secret: 's' }), { body: '{"a":1}', headers: { 'x-github-delivery': 'd-1' } }),
      ),
      ['x-github-delivery', 'x-github-event', 'x-github-hook-id'],
    ],
  ]);
});

describe('GitHub form deliveries (application/x-www-form-urlencoded)', () => {
  const secret = 'gh-secret';
  const scheme = github({ secret });
  const event = { zen: 'Keep it logically awesome.', hook_id: 1, note: 'a&b=c+d %' };
  const json = JSON.stringify(event);
  const signature = (body: string) =>
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const formPost = (body: string, signedBody = body, contentType = FORM) => ({
    method: 'POST',
    url: '/webhooks/github',
    headers: {
      'content-type': contentType,
      'x-github-event': 'ping',
      'x-hub-signature-256': signature(signedBody),
    },
    body,
  });
  const FORM = 'application/x-www-form-urlencoded';
  const formBody = `payload=${encodeURIComponent(json)}`;

  it('verifies the HMAC of the form body and hands over the JSON of its payload field', async () => {
    const verified = await verify(scheme, formPost(formBody));
    expect(verified.payload).toEqual(event);
    // The same event posted as JSON gives the same payload.
    const asJson = await verify(scheme, {
      ...formPost(json),
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(json) },
    });
    expect(asJson.payload).toEqual(verified.payload);
  });

  it('reads the form as the URL Standard does: + is a space, and a charset of UTF-8 is fine', async () => {
    const plus = `payload=${encodeURIComponent(json).replaceAll('%20', '+')}`;
    await expect(
      verify(scheme, formPost(plus, plus, `${FORM}; charset=utf-8`)),
    ).resolves.toMatchObject({ payload: event });
  });

  it('checks the bytes as sent: the same payload escaped otherwise, or the JSON alone, does not verify', async () => {
    const otherEscaping = `payload=${encodeURIComponent(json).replaceAll('%20', '+')}`;
    await expect(verify(scheme, formPost(otherEscaping, formBody))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(scheme, formPost(formBody, json))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it.each([
    ['no payload field', `event=${encodeURIComponent(json)}`, /has no payload field/],
    [
      'a payload that is not JSON',
      'payload=%7Bnot+json',
      /the payload form field is not valid JSON/,
    ],
    [
      'a payload field twice',
      `${formBody}&payload=${encodeURIComponent('{}')}`,
      /"payload" appears more than once/,
    ],
    [
      'a payload with a byte order mark',
      `payload=%EF%BB%BF${encodeURIComponent(json)}`,
      /not valid JSON/,
    ],
  ])('refuses a signed form with %s as malformed_request', async (_, body, message) => {
    const error = await verify(scheme, formPost(body)).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'malformed_request', status: 400, provider: 'github' });
    expect(String(error)).toMatch(message);
  });

  it('checks the signature before the payload: an unsigned bad form is invalid_signature', async () => {
    await expect(verify(scheme, formPost('payload=%7Bnot+json', 'other'))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('hands over only the event, whatever else the signed form holds', async () => {
    const body = `${formBody}&extra=1`;
    await expect(verify(scheme, formPost(body))).resolves.toMatchObject({ payload: event });
    expect((await verify(scheme, formPost(body))).payload).not.toHaveProperty('extra');
  });

  it('still refuses text/plain and another charset with unsupported_media_type', async () => {
    for (const contentType of ['text/plain', `${FORM}; charset=iso-8859-1`])
      await expect(verify(scheme, formPost(formBody, formBody, contentType))).rejects.toMatchObject(
        { code: 'unsupported_media_type', status: 415 },
      );
  });

  it('explains a form delivery, payload step included', () => {
    const explanation = explain(scheme, formPost(formBody));
    expect(explanation.verdict).toMatchObject({ ok: true });
    expect(explanation.stringToSign?.text).toBe(formBody);
    expect(explanation.checks.find((check) => check.check === 'payload')).toMatchObject({
      outcome: 'passed',
    });
    const broken = explain(scheme, formPost('payload=%7B'));
    expect(broken.checks.find((check) => check.check === 'payload')).toMatchObject({
      outcome: 'failed',
      code: 'malformed_request',
    });
  });

  it('signs a form body given as text with its content type, as GitHub sends it', async () => {
    const signed = sign(scheme, { body: formBody, headers: { 'content-type': FORM } });
    expect(signed.headers['x-hub-signature-256']).toBe(signature(formBody));
    await expect(verify(scheme, post(signed))).resolves.toMatchObject({ payload: event });
  });

  itIgnoresUnsignedHeadersForReplay([
    [
      'github form (X-GitHub-Delivery unsigned)',
      github({ secret }),
      {
        ...formPost(formBody),
        headers: { ...formPost(formBody).headers, 'x-github-delivery': 'd-1' },
      },
      ['x-github-delivery', 'x-github-event', 'x-github-hook-id'],
    ],
  ]);
});
