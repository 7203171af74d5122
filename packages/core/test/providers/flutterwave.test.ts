import {
  explain,
  flutterwave,
  formatExplanation,
  MemoryReplayStore,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';

describeCatalogPreset('flutterwave');

describe('flutterwave', () => {
  const scheme = flutterwave({ secretHash: 'the-secret-hash' });
  const request = (hash: string, body = '{"data":{"id":1}}'): WebhookRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json', 'verif-hash': hash },
    body,
  });

  it('never shows the hash, or any part of it, in an explanation, even when it matches or with revealExpected', () => {
    const hex = Buffer.from('the-secret-hash').toString('hex');
    for (const explanation of [
      explain(scheme, request('the-secret-hash')),
      explain(scheme, request('the-secret-hash'), { revealExpected: true }),
      explain(scheme, request('wrong'), { revealExpected: true }),
    ]) {
      const text = JSON.stringify(explanation) + formatExplanation(explanation);
      // Not even a prefix: a prefix of a secret narrows the search for the rest.
      expect(text).not.toContain('the-');
      expect(text).not.toContain(hex.slice(0, 4));
      expect(text).toContain('hidden, the signature is a secret (');
      expect(explanation.algorithm).toBe('secret hash compared as is (no HMAC)');
    }
  });

  it('deduplicates on the body, since the hash is the same for every delivery', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, request('the-secret-hash', '{"n":1}'), { replayStore });
    expect(first.replayClaim?.key).toMatch(/^flutterwave:body:[A-Za-z0-9_-]{43}$/);
    // Held while the first is handled, then remembered once it is committed.
    await expect(
      verify(scheme, request('the-secret-hash', '{"n":1}'), { replayStore }),
    ).rejects.toMatchObject({ code: 'delivery_in_progress', status: 409 });
    await first.replayClaim?.commit();
    await expect(
      verify(scheme, request('the-secret-hash', '{"n":2}'), { replayStore }),
    ).resolves.toBeDefined();
    await expect(
      verify(scheme, request('the-secret-hash', '{"n":1}'), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});
