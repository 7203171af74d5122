import {
  asana,
  explain,
  MemoryReplayStore,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post } from '../support/replay.js';

describeCatalogPreset('asana');

const SECRET = 'b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81';
const handshake = (secret = SECRET): WebhookRequest => ({
  method: 'POST',
  url: '/webhooks/asana',
  headers: { 'x-hook-secret': secret },
  body: '',
});
const routeFor = (acceptHandshake = false) =>
  webhookRoute(asana({ secret: 'configured-secret', acceptHandshake }), {}, ['respond'], 'test');

describe('Asana', () => {
  it('refuses the handshake by default (403): nothing in it is signed', async () => {
    await expect(routeFor().handle(handshake())).rejects.toMatchObject({
      code: 'handshake_refused',
      status: 403,
      message: expect.stringContaining('acceptHandshake'),
    });
  });

  it('echoes X-Hook-Secret with a 200 while acceptHandshake is set, and never takes it as the key', async () => {
    const route = routeFor(true);
    await expect(route.handle(handshake())).resolves.toMatchObject({
      kind: 'handshake',
      handshake: {
        name: 'asana.handshake',
        reply: { status: 200, headers: { 'x-hook-secret': SECRET }, body: '' },
      },
    });
    // A delivery signed with the secret the handshake carried is still a forgery.
    const forged = sign(asana({ secret: SECRET }), { body: '{"events":[{"action":"added"}]}' });
    await expect(route.handle(post(forged))).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses to echo a handshake value that is not a token (malformed_request)', async () => {
    await expect(routeFor(true).handle(handshake('a b<script>'))).rejects.toMatchObject({
      code: 'malformed_request',
    });
  });

  it('answers a verified heartbeat with 200, each time, without the replay store', async () => {
    const scheme = asana({ secret: SECRET });
    const replayStore = new MemoryReplayStore();
    const route = webhookRoute(scheme, { replayStore }, ['respond'], 'test');
    const heartbeat = post(sign(scheme, { body: '{"events":[]}' }));
    for (let i = 0; i < 2; i++)
      await expect(route.handle(heartbeat)).resolves.toMatchObject({
        kind: 'handshake',
        handshake: { name: 'asana.heartbeat', reply: { status: 200 } },
      });
    expect(replayStore.size).toBe(0);
    const forged = { ...heartbeat, headers: { ...heartbeat.headers, 'x-hook-signature': '00' } };
    await expect(route.handle(forged)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('treats a body with events as a delivery, and a copy of it as a replay', async () => {
    const scheme = asana({ secret: SECRET });
    const replayStore = new MemoryReplayStore();
    const request = post(sign(scheme, { body: '{"events":[{"action":"changed"}]}' }));
    const first = await verify(scheme, request, { replayStore });
    await first.replayClaim?.commit();
    await expect(verify(scheme, request, { replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('explain names the handshake it refuses', () => {
    const explained = explain(asana({ secret: SECRET }), handshake());
    expect(JSON.stringify(explained)).toContain('asana.handshake');
  });
});
