import { createHmac } from 'node:crypto';
import { MemoryReplayStore, persona, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post, sha256 } from '../support/replay.js';

describeCatalogPreset('persona');

const NEW = 'wbhsec_new_persona_secret';
const OLD = 'wbhsec_old_persona_secret';
const NOW = 1_700_000_000_000;
const T = String(NOW / 1000);
const now = () => NOW;
const BODY =
  '{"data":{"type":"event","id":"evt_persona_1","attributes":{"name":"inquiry.approved"}}}';
const v1 = (secret: string, t = T, body = BODY) =>
  createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
const request = (header: string, body = BODY) =>
  post({ headers: { 'content-type': 'application/json', 'persona-signature': header }, body });
const rotating = `t=${T},v1=${v1(NEW)} t=${T},v1=${v1(OLD)}`;

describe('Persona', () => {
  it('reads both sets of a rotating header: either secret verifies, whichever set carries it', async () => {
    for (const secret of [NEW, OLD])
      await expect(verify(persona({ secret }), request(rotating), { now })).resolves.toMatchObject({
        provider: 'persona',
      });
  });

  it('refuses sets whose t differ, and a second t within one set (malformed_request)', async () => {
    const scheme = persona({ secret: OLD });
    await expect(
      verify(scheme, request(`t=${T},v1=${v1(NEW)} t=${Number(T) + 1},v1=${v1(OLD)}`), { now }),
    ).rejects.toMatchObject({ code: 'malformed_request' });
    await expect(
      verify(scheme, request(`t=${T},t=${T},v1=${v1(OLD)}`), { now }),
    ).rejects.toMatchObject({ code: 'malformed_request' });
  });

  it('keys replays on the signed event id: a re-signed copy (another t) is replayed', async () => {
    const scheme = persona({ secret: NEW });
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, request(`t=${T},v1=${v1(NEW)}`), { now, replayStore });
    expect(first.replayClaim?.key).toBe(`persona:id:${sha256('evt_persona_1')}`);
    await first.replayClaim?.commit();
    const later = String(Number(T) + 60);
    await expect(
      verify(scheme, request(`t=${later},v1=${v1(NEW, later)}`), {
        now: () => NOW + 60_000,
        replayStore,
      }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('falls back to the signed message for a body without data.id, the same whichever set matched', async () => {
    const body = '{"data":{"type":"event"}}';
    const header = `t=${T},v1=${v1(NEW, T, body)} t=${T},v1=${v1(OLD, T, body)}`;
    const keys = [];
    for (const secret of [NEW, OLD]) {
      const verified = await verify(persona({ secret }), request(header, body), {
        now,
        replayStore: new MemoryReplayStore(),
      });
      keys.push(verified.replayClaim?.key);
    }
    expect(keys[0]).toMatch(/^persona:msg:/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('signs one set, t then v1, as Persona writes a header outside a rotation', () => {
    const signed = sign(persona({ secret: NEW }), { body: BODY, timestamp: NOW });
    expect(signed.headers['persona-signature']).toBe(`t=${T},v1=${v1(NEW)}`);
  });
});
