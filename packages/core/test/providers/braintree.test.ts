import { createHash } from 'node:crypto';
import {
  braintree,
  explain,
  formatExplanation,
  MemoryReplayStore,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';

// Braintree beyond its vectors (test/vectors/braintree.json): the endpoint challenge, the
// configuration, replays and explain. The SDK's own keys and challenge vector are from
// braintree_node test/unit/braintree/webhook_notification_gateway_spec.js.

const KEYS = { publicKey: 'integration_public_key', privateKey: 'integration_private_key' };
const scheme = braintree(KEYS);
const XML =
  '<notification><kind>check</kind><subject><check type="boolean">true</check></subject></notification>';

function asRequest(signed: {
  headers: Readonly<Record<string, string>>;
  body: string | Uint8Array;
}): WebhookRequest {
  return { method: 'POST', url: '/webhooks/braintree', headers: signed.headers, body: signed.body };
}

async function challenge(query: string, configured = scheme) {
  return webhookRoute(configured, {}, ['respond'], 'test').handle({
    method: 'GET',
    url: `/webhooks/braintree?${query}`,
    headers: {},
    body: '',
  });
}

describe('braintree', () => {
  it("answers the endpoint challenge as the SDK's verify does (its own vector)", async () => {
    const outcome = await challenge('bt_challenge=20f9f8ed05f77439fe955c977e4c8a53');
    expect(outcome).toMatchObject({
      kind: 'handshake',
      handshake: {
        name: 'braintree.challenge',
        reply: {
          status: 200,
          body: 'integration_public_key|d9b899556c966b3f06945ec21311865d35df3ce4',
        },
      },
    });
  });

  it.each([
    ['upper-case hex', '20F9F8ED05F77439FE955C977E4C8A53'],
    ['19 characters', '20f9f8ed05f77439fe9'],
    ['33 characters', '20f9f8ed05f77439fe955c977e4c8a531'],
    ['not hex', 'zzf9f8ed05f77439fe955c977e4c8a53'],
  ])('refuses a challenge that is %s, as the SDK does', async (_, value) => {
    await expect(challenge(`bt_challenge=${value}`)).rejects.toMatchObject({
      code: 'malformed_request',
      status: 400,
    });
  });

  it('hands the handler the XML, its kind and timestamp, and the fields for the SDK', async () => {
    const signed = sign(scheme, { xml: XML });
    const verified = await verify(scheme, asRequest(signed));
    const fields = new URLSearchParams(String(signed.body));
    expect(verified.payload).toEqual({
      xml: XML,
      kind: 'check',
      timestamp: undefined,
      signature: fields.get('bt_signature'),
      payload: fields.get('bt_payload'),
    });
    expect(verified.matchedKey).toBe('integration_public_key');
  });

  it('refuses a replay, also when it drops the line break the signature covers', async () => {
    const replayStore = new MemoryReplayStore();
    const signed = sign(scheme, { xml: XML });
    const first = await verify(scheme, asRequest(signed), { replayStore });
    await first.replayClaim?.commit();
    await expect(verify(scheme, asRequest(signed), { replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
    // The same signature over the payload without its line break: the same digest matched.
    const trimmed = String(signed.body).replace(/%0A$/, '');
    expect(trimmed).not.toBe(String(signed.body));
    await expect(
      verify(scheme, { ...asRequest(signed), body: trimmed }, { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('refuses a missing or empty key, and a public key that would break the pair format', () => {
    expect(() => braintree({ ...KEYS, privateKey: '' })).toThrow(
      '[hookguard] braintree: privateKey must be a non-empty string.',
    );
    expect(() => braintree({ publicKey: undefined as never, privateKey: 'x' })).toThrow(
      '[hookguard] braintree: publicKey must be a non-empty string.',
    );
    expect(() => braintree(undefined as never)).toThrow(/publicKey must be a non-empty string/);
    expect(() => braintree({ ...KEYS, publicKey: 'a|b' })).toThrow(/cannot contain \| or &/);
    expect(() => braintree({ ...KEYS, replayTtl: 0 })).toThrow(/replayTtl/);
  });

  it('refuses to sign without XML', () => {
    expect(() => sign(scheme, {} as never)).toThrow(
      '[hookguard] braintree: sign expects { xml: string }.',
    );
  });

  it('hints at whitespace around a pasted key', async () => {
    const padded = braintree({ ...KEYS, privateKey: `${KEYS.privateKey}\n` });
    await expect(verify(padded, asRequest(sign(scheme, { xml: XML })))).rejects.toThrow(
      /leading or trailing whitespace/,
    );
  });

  it('explains a mismatch without the private key or its SHA-1', () => {
    const signed = sign(braintree({ ...KEYS, privateKey: 'another' }), { xml: XML });
    const explanation = explain(scheme, asRequest(signed));
    expect(explanation.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
    expect(explanation.algorithm).toBe('HMAC-SHA1');
    const text = `${JSON.stringify(explanation)}\n${formatExplanation(explanation)}`;
    expect(text).not.toContain(KEYS.privateKey);
    // Nor the HMAC key derived from it, in any form.
    const derived = createHash('sha1').update(KEYS.privateKey).digest();
    for (const form of [derived.toString('hex'), derived.toString('base64')])
      expect(text).not.toContain(form.slice(0, 12));
    expect(text).toContain('bt_payload');
  });

  it('explains the challenge as an unsigned handshake', () => {
    const explanation = explain(scheme, {
      method: 'GET',
      url: '/webhooks/braintree?bt_challenge=20f9f8ed05f77439fe955c977e4c8a53',
      headers: {},
      body: '',
    });
    expect(explanation.verdict).toEqual({ ok: true, handshake: 'braintree.challenge' });
  });
});
