import { sign, typeform } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';

describeCatalogPreset('typeform');

describe('Typeform', () => {
  it('signs sha256=<base64>, not the hex most sha256= headers carry', () => {
    const signed = sign(typeform({ secret: 'tf-secret' }), {
      body: '{"event_type":"form_response"}',
    });
    expect(signed.headers['typeform-signature']).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
  });

  it('is not timestamped: replays are kept 24 h by default, or replayTtl', () => {
    expect(typeform({ secret: 's' }).tolerance).toBe(false);
    expect(typeform({ secret: 's' }).replayTtlSeconds).toBe(86_400);
    expect(typeform({ secret: 's', replayTtl: 60 }).replayTtlSeconds).toBe(60);
  });
});
