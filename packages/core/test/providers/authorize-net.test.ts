import { createHmac } from 'node:crypto';
import { authorizeNet, MemoryReplayStore, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

describeCatalogPreset('authorize-net');

const KEY =
  'E20368DB80B1B9F56D3A7E5116F550B81D509FDC127FAA1E388F6C475D02EEDF9C134F4CD91423AB2EFEC1F2FBC221308BEAD33DF06E8CBE171A052DBE08E9F9';
const BODY =
  '{"notificationId":"ntf-1","eventType":"net.authorize.payment.authcapture.created","payload":{"authAmount":100.00,"id":"60198731341"}}';
const hex = (key: Uint8Array | string) => createHmac('sha512', key).update(BODY).digest('hex');

describe('Authorize.net signature', () => {
  it('signs sha512=<HEX> in upper case, with the key as text, and reads either case', async () => {
    const scheme = authorizeNet({ signatureKey: KEY });
    const signed = sign(scheme, { body: BODY });
    expect(signed.headers['x-anet-signature']).toBe(`sha512=${hex(KEY).toUpperCase()}`);
    for (const value of [`sha512=${hex(KEY).toUpperCase()}`, `sha512=${hex(KEY)}`])
      await expect(
        verify(
          scheme,
          post({ ...signed, headers: { ...signed.headers, 'x-anet-signature': value } }),
        ),
      ).resolves.toBeDefined();
  });

  it("reads the key as hex with signatureKeyEncoding: 'hex', and refuses a key that is not hex", () => {
    const scheme = authorizeNet({ signatureKey: KEY, signatureKeyEncoding: 'hex' });
    expect(sign(scheme, { body: BODY }).headers['x-anet-signature']).toBe(
      `sha512=${hex(Buffer.from(KEY, 'hex')).toUpperCase()}`,
    );
    expect(() => authorizeNet({ signatureKey: 'not hex', signatureKeyEncoding: 'hex' })).toThrow(
      "[hookguard] authorize-net: signatureKey[0] is not in the form this scheme's secrets take.",
    );
    expect(() =>
      authorizeNet({ signatureKey: KEY, signatureKeyEncoding: 'base64' as never }),
    ).toThrow("[hookguard] authorize-net: signatureKeyEncoding must be 'text' or 'hex'.");
  });

  it('keys replays on the signed notificationId', async () => {
    const scheme = authorizeNet({ signatureKey: KEY });
    const replayStore = new MemoryReplayStore();
    const signed = post(sign(scheme, { body: BODY }));
    const first = await accept(scheme, signed, { replayStore });
    expect(first.replayClaim?.key).toBe(`authorize-net:id:${sha256('ntf-1')}`);
    await expect(
      verify(
        scheme,
        { ...signed, headers: { ...signed.headers, 'x-request-id': 'another' } },
        { replayStore },
      ),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});
