import { coinbaseCommerce, MemoryReplayStore, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post } from '../support/replay.js';

describeCatalogPreset('coinbase-commerce');

const scheme = coinbaseCommerce({ secret: 'cc-secret' });
const delivery = (attempt: number) =>
  `{"id":7,"scheduled_for":"2026-01-02T03:04:05Z","attempt_number":${attempt},"event":{"id":"evt-cc-1","type":"charge:confirmed"}}`;

describe('Coinbase Commerce', () => {
  it('accepts the signature in upper-case hex, the same digest', async () => {
    const signed = sign(scheme, { body: delivery(1) });
    const header = String(signed.headers['x-cc-webhook-signature']);
    await expect(
      verify(
        scheme,
        post({
          ...signed,
          headers: { ...signed.headers, 'x-cc-webhook-signature': header.toUpperCase() },
        }),
      ),
    ).resolves.toBeDefined();
  });

  it('refuses the exact copy, and lets a retry through: its signed attempt_number makes it another body (event.id is what a handler deduplicates on)', async () => {
    const replayStore = new MemoryReplayStore();
    const first = post(sign(scheme, { body: delivery(1) }));
    await accept(scheme, first, { replayStore });
    await expect(verify(scheme, first, { replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
    const retry = await verify(scheme, post(sign(scheme, { body: delivery(2) })), {
      replayStore,
    });
    expect(retry.payload).toMatchObject({ attempt_number: 2, event: { id: 'evt-cc-1' } });
  });
});
