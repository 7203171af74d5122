import { cashfree, sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { MAX_FORM_FIELDS, parseForm, payoutsFixture } from '../support/parsing-fixtures.js';

// The limits verify enforces on what a sender controls: the body's size (bodyLimit) and the
// number of form fields (MAX_FORM_FIELDS).

const NOW = 1_700_000_000_000;
const cf = cashfree.webhook({ secret: 'secret' });
const cfRequest = (body: string | Uint8Array = '{"a":1}'): WebhookRequest => ({
  method: 'POST',
  url: '/',
  ...sign(cf, { body, timestamp: NOW }),
});

describe('the body limit', () => {
  it('accepts a body exactly at the limit, and refuses one byte more', async () => {
    const request = cfRequest('{"a":1}');
    await expect(verify(cf, request, { now: () => NOW, bodyLimit: 7 })).resolves.toBeDefined();
    await expect(verify(cf, request, { now: () => NOW, bodyLimit: 6 })).rejects.toMatchObject({
      code: 'body_too_large',
    });
  });
});

describe('the form field limit', () => {
  it('stops at the field limit', () => {
    expect(() => parseForm(Buffer.from('a=1&'.repeat(11)), 10)).toThrow(/more than 10 form fields/);
    expect(parseForm(Buffer.from('a=1&'.repeat(10)), 10)).toHaveLength(10);
  });

  it('refuses a body with more than MAX_FORM_FIELDS fields as malformed_request', async () => {
    const { scheme, request } = payoutsFixture(
      `${'x=1&'.repeat(MAX_FORM_FIELDS + 1)}signature=abc`,
    );
    await expect(verify(scheme, request)).rejects.toMatchObject({ code: 'malformed_request' });
  });
});
