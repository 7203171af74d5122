import { createHmac } from 'node:crypto';
import { docusign, MemoryReplayStore, sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post } from '../support/replay.js';

describeCatalogPreset('docusign');

const BODY = '{"event":"envelope-completed","data":{"envelopeId":"env-1","amount":"100"}}';
const base64 = (key: string, body = BODY) =>
  createHmac('sha256', key).update(body).digest('base64');

const delivery = (signatures: Record<string, string>): WebhookRequest =>
  post({ headers: { 'content-type': 'application/json', ...signatures }, body: BODY });

describe('DocuSign numbered signature headers', () => {
  it('signs once per configured key, in X-DocuSign-Signature-1, -2, …', () => {
    const signed = sign(docusign({ hmacKeys: ['k1', 'k2', 'k3'] }), { body: BODY });
    expect(signed.headers).toMatchObject({
      'x-docusign-signature-1': base64('k1'),
      'x-docusign-signature-2': base64('k2'),
      'x-docusign-signature-3': base64('k3'),
    });
  });

  it('accepts any header that matches any configured key', async () => {
    const scheme = docusign({ hmacKeys: ['k3', 'k9'] });
    const request = delivery({
      'x-docusign-signature-1': base64('k1'),
      'x-docusign-signature-2': base64('k2'),
      'x-docusign-signature-3': base64('k3'),
    });
    await expect(verify(scheme, request)).resolves.toMatchObject({ matchedKey: 0 });
  });

  it('reads headers up to the first missing number, and says how many it read', async () => {
    const scheme = docusign({ hmacKeys: 'k3' });
    await expect(
      verify(
        scheme,
        delivery({
          'x-docusign-signature-1': base64('k1'),
          'x-docusign-signature-2': base64('k2'),
          'x-docusign-signature-4': base64('k3'),
        }),
      ),
    ).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringContaining(
        'each of the 2 x-docusign-signature-<n> headers does not match',
      ),
    });
    await expect(
      verify(scheme, delivery({ 'x-docusign-signature-2': base64('k3') })),
    ).rejects.toMatchObject({
      code: 'missing_signature',
      message: '[hookguard] docusign: the x-docusign-signature-1 header is missing.',
    });
  });

  it('reads at most 100 headers', async () => {
    const scheme = docusign({ hmacKeys: 'k101' });
    const headers = Object.fromEntries(
      Array.from({ length: 101 }, (_, i) => [`x-docusign-signature-${i + 1}`, base64(`k${i + 1}`)]),
    );
    await expect(verify(scheme, delivery(headers))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(docusign({ hmacKeys: 'k100' }), delivery(headers))).resolves.toBeDefined();
  });

  it('keys replays on the body, so a copy carrying only another key’s header is replayed', async () => {
    const scheme = docusign({ hmacKeys: ['k1', 'k2'] });
    const replayStore = new MemoryReplayStore();
    const first = await accept(
      scheme,
      delivery({ 'x-docusign-signature-1': base64('k1'), 'x-docusign-signature-2': base64('k2') }),
      { replayStore },
    );
    expect(first.replayClaim?.key).toMatch(/^docusign:msg:/);
    await expect(
      verify(scheme, delivery({ 'x-docusign-signature-1': base64('k2') }), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('refuses a legacy XML message as an unsupported media type', async () => {
    const scheme = docusign({ hmacKeys: 'k1' });
    await expect(
      verify(
        scheme,
        post({
          headers: { 'content-type': 'text/xml', 'x-docusign-signature-1': base64('k1', '<x/>') },
          body: '<x/>',
        }),
      ),
    ).rejects.toMatchObject({ code: 'unsupported_media_type' });
  });
});
