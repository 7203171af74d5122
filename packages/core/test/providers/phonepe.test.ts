import { createHash } from 'node:crypto';
import {
  explain,
  formatExplanation,
  MemoryReplayStore,
  phonepe,
  sign,
  verify,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post, sha256 } from '../support/replay.js';

describeCatalogPreset('phonepe');
describeCatalogPreset('phonepe.v1');

const scheme = phonepe({ username: 'merchant-user', password: 'merchant-pass' });
const BODY = '{"event":"checkout.order.completed","payload":{"state":"COMPLETED","amount":100}}';
const AUTH = createHash('sha256').update('merchant-user:merchant-pass').digest('hex');

describe('PhonePe v2 (Authorization)', () => {
  it('sends SHA256(username:password), the value pg-sdk-node compares', () => {
    expect(sign(scheme, { body: BODY }).headers.authorization).toBe(AUTH);
  });

  it('does not cover the body: deduplicates on it, and never shows the value', async () => {
    const replayStore = new MemoryReplayStore();
    const request = post(sign(scheme, { body: BODY }));
    const first = await verify(scheme, request, { replayStore });
    expect(first.replayClaim?.key).toBe(`phonepe:body:${sha256(BODY)}`);
    const explained = explain(scheme, {
      ...request,
      headers: { ...request.headers, authorization: `${AUTH.slice(0, 60)}0000` },
    });
    const text = `${formatExplanation(explained)}${JSON.stringify(explained)}`;
    expect(text).not.toContain(AUTH.slice(0, 60));
    expect(text).not.toContain('merchant-pass');
  });

  it('refuses a missing username when the scheme is made', () => {
    expect(() => phonepe({ username: '', password: 'p' })).toThrow(/username/);
  });
});

describe('PhonePe v1 (X-VERIFY)', () => {
  const v1 = phonepe.v1({ saltKeys: { 1: 'salt-one', 2: 'salt-two' } });
  const result = { code: 'PAYMENT_SUCCESS', data: { amount: 100 } };
  const response = Buffer.from(JSON.stringify(result)).toString('base64');

  it('signs <hex SHA256(response + salt)>###<index> with the key id asked for, and hands over the decoded response', async () => {
    const signed = sign(v1, { body: { response }, keyId: '2' });
    expect(signed.headers['x-verify']).toBe(
      `${createHash('sha256').update(`${response}salt-two`).digest('hex')}###2`,
    );
    await expect(verify(v1, post(signed))).resolves.toMatchObject({
      matchedKey: '2',
      payload: result,
    });
  });

  it('says the header is missing before it looks for a salt index', async () => {
    const signed = sign(v1, { body: { response } });
    const { 'x-verify': _, ...headers } = signed.headers;
    await expect(verify(v1, post({ ...signed, headers }))).rejects.toMatchObject({
      code: 'missing_signature',
    });
  });

  it('refuses salt keys that are not a key ring when the scheme is made', () => {
    expect(() => phonepe.v1({ saltKeys: {} })).toThrow(TypeError);
  });
});
