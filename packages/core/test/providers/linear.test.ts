import { createHmac } from 'node:crypto';
import { explain, linear, MemoryReplayStore, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('linear');

const NOW = 1_700_000_000_000;
const SECRET = 'lin-secret';
const scheme = linear({ secret: SECRET });
const issue = { action: 'update', type: 'Issue', data: { id: 'issue-1', estimate: 100 } };
const signedAt = (at: number) => post(sign(scheme, { body: issue }, { now: () => at }));
const hex = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');
const withSignature = (body: string) =>
  post({
    headers: { 'content-type': 'application/json', 'linear-signature': hex(body) },
    body,
  });

describe('Linear', () => {
  it("stamps an object body's webhookTimestamp with the time of signing; a text body is sent as given", () => {
    const stamped = sign(scheme, { body: issue }, { now: () => NOW });
    expect(JSON.parse(String(stamped.body))).toEqual({ ...issue, webhookTimestamp: NOW });
    expect(stamped.headers['linear-signature']).toBe(hex(String(stamped.body)));
    expect(stamped.headers['linear-timestamp']).toBeUndefined();
    const text = '{"type":"Issue","webhookTimestamp":1}';
    expect(sign(scheme, { body: text }, { now: () => NOW }).body).toBe(text);
  });

  it("refuses with timestamp_out_of_tolerance 61 s either way: @linear/sdk's one-minute window", async () => {
    const request = signedAt(NOW);
    for (const at of [NOW + 60_000, NOW - 60_000])
      await expect(verify(scheme, request, { now: () => at })).resolves.toBeDefined();
    for (const at of [NOW + 61_000, NOW - 61_000])
      await expect(verify(scheme, request, { now: () => at })).rejects.toMatchObject({
        code: 'timestamp_out_of_tolerance',
      });
    expect(scheme.tolerance).toBe(60);
    expect(scheme.replayTtlSeconds).toBe(120);
  });

  it('reads the timestamp from the signed body, never from the Linear-Timestamp header', async () => {
    const request = signedAt(NOW);
    const later = NOW + 600_000;
    const withHeader = {
      ...request,
      headers: { ...request.headers, 'linear-timestamp': String(later) },
    };
    await expect(verify(scheme, withHeader, { now: () => later })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
    const steps = explain(scheme, withHeader, { now: () => later });
    expect(JSON.stringify(steps)).toContain(String(NOW));
  });

  it('refuses a webhookTimestamp that is not an epoch-ms number, as @linear/sdk does', async () => {
    for (const stamp of [`"${NOW}"`, `${NOW}.5`, '-1', '1e21', 'true', '{}']) {
      const body = `{"type":"Issue","webhookTimestamp":${stamp}}`;
      await expect(verify(scheme, withSignature(body), { now: () => NOW })).rejects.toMatchObject({
        code: 'timestamp_out_of_tolerance',
      });
    }
  });

  it('refuses with missing_signature a body without webhookTimestamp, or with null', async () => {
    for (const body of ['{"type":"Issue"}', '{"type":"Issue","webhookTimestamp":null}'])
      await expect(verify(scheme, withSignature(body), { now: () => NOW })).rejects.toMatchObject({
        code: 'missing_signature',
      });
  });

  it('says missing_signature for an unsigned request whatever its body, and malformed_request for a signed body that is not a JSON object', async () => {
    const unsigned = post({ headers: { 'content-type': 'application/json' }, body: 'not json' });
    await expect(verify(scheme, unsigned, { now: () => NOW })).rejects.toMatchObject({
      code: 'missing_signature',
    });
    for (const body of ['not json', '[1,2]'])
      await expect(verify(scheme, withSignature(body), { now: () => NOW })).rejects.toMatchObject({
        code: 'malformed_request',
      });
  });

  it('hands over the parsed body, webhookTimestamp included', async () => {
    const verified = await verify(scheme, signedAt(NOW), { now: () => NOW });
    expect(verified.payload).toEqual({ ...issue, webhookTimestamp: NOW });
  });

  it('treats a retry, which Linear re-stamps, as a new delivery, and the same bytes again as replayed', async () => {
    const replayStore = new MemoryReplayStore();
    await accept(scheme, signedAt(NOW), { now: () => NOW, replayStore });
    await expect(
      verify(scheme, signedAt(NOW), { now: () => NOW, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
    await expect(
      accept(scheme, signedAt(NOW + 30_000), { now: () => NOW + 30_000, replayStore }),
    ).resolves.toBeDefined();
  });
});

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'linear (Linear-Delivery, Linear-Event and Linear-Timestamp unsigned)',
      linear({ secret: 's', tolerance: false }),
      post(
        sign(linear({ secret: 's' }), {
          body: issue,
          headers: {
            'linear-delivery': '234d1a4e-b617-4388-90fe-adc3633d6b72',
            'linear-event': 'Issue',
            'linear-timestamp': '1700000000000',
          },
        }),
      ),
      ['linear-delivery', 'linear-event', 'linear-timestamp'],
    ],
  ]);
});
