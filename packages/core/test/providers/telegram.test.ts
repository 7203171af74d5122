import { MemoryReplayStore, sign, telegram, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

describeCatalogPreset('telegram');

const UPDATE = '{"update_id":42,"message":{"message_id":7,"date":1700000000,"text":"hi"}}';

describe('Telegram', () => {
  it('takes any token setWebhook accepts (1–256 of A-Z a-z 0-9 _ -), and refuses others at configuration', () => {
    for (const secretToken of ['a', 'A-z_0', 'x'.repeat(256), ['new_token', 'old-token']])
      expect(() => telegram({ secretToken })).not.toThrow();
    for (const [secretToken, index] of [
      ['x'.repeat(257), 0],
      ['has space', 0],
      ['dot.ted', 0],
      ['ünïcode', 0],
      ['', 0],
      [['fine', 'not fine'], 1],
    ] as const)
      expect(() => telegram({ secretToken })).toThrow(
        `[hookguard] telegram: secretToken[${index}] must be 1–256 characters of A-Z, a-z, 0-9, _ and -, as setWebhook's secret_token.`,
      );
    expect(() => telegram({ secretToken: [42] as never })).toThrow(
      '[hookguard] telegram: secretToken[0] must be a non-empty string.',
    );
  });

  it('never repeats a refused token in the configuration error', () => {
    expect(() => telegram({ secretToken: 'secret value' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret value') }),
    );
  });

  it("refuses Telegram's retry of the same update as replayed: the body is the key", async () => {
    const scheme = telegram({ secretToken: 'tg_token' });
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, post(sign(scheme, { body: UPDATE })), { replayStore });
    expect(first.replayClaim?.key).toBe(`telegram:body:${sha256(UPDATE)}`);
    await expect(
      verify(scheme, post(sign(scheme, { body: UPDATE })), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('reads the header case-insensitively, as it arrives from any adapter', async () => {
    const scheme = telegram({ secretToken: 'tg_token' });
    const signed = sign(scheme, { body: UPDATE });
    expect(signed.headers['x-telegram-bot-api-secret-token']).toBe('tg_token');
    await expect(verify(scheme, post(signed))).resolves.toMatchObject({ provider: 'telegram' });
  });
});
