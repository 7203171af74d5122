import { createHash } from 'node:crypto';
import { MemoryReplayStore, SALT, saltedHash, sign, signAsync, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { keysFromKeyRing, keysFromSecrets } from '../../src/keys/key-ring.js';
import { platform as node } from '../../src/platform/node.js';
import { platform as web } from '../../src/platform/web.js';
import { post, sha256 } from '../support/replay.js';

const keys = keysFromSecrets('salt', 'secret', 'acme');
const acme = (overrides: Partial<Parameters<typeof saltedHash>[0]> = {}) =>
  saltedHash({
    name: 'acme',
    mediaType: 'json',
    keys,
    algorithm: 'sha256',
    signature: { field: 'sig' },
    message: [{ field: 'id' }, '|', { field: 'note', optional: true, followedBy: '|' }, SALT],
    ...overrides,
  });

describe('saltedHash', () => {
  it('hashes the fields and the salt as the message says, optional parts left out when absent', async () => {
    const scheme = acme();
    for (const [fields, text] of [
      [{ id: 'a' }, 'a|salt'],
      [{ id: 'a', note: 'n' }, 'a|n|salt'],
    ] as const) {
      const body = JSON.parse(String(sign(scheme, { body: fields }).body));
      expect(body.sig).toBe(createHash('sha256').update(text).digest('hex'));
      await expect(
        verify(
          scheme,
          post({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        ),
      ).resolves.toMatchObject({ matchedKey: 0 });
    }
  });

  it('signs the same on every platform (signAsync runs the digest through runWithCrypto)', async () => {
    const viaAsync = await signAsync(acme(), { body: { id: 'a' } });
    expect(viaAsync.body).toBe(sign(acme(), { body: { id: 'a' } }).body);
    for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
      const bytes = new TextEncoder().encode('salted');
      expect(Buffer.from(await web.digest(algorithm, bytes)).toString('hex')).toBe(
        Buffer.from(node.digestSync?.(algorithm, ['salt', 'ed']) as Uint8Array).toString('hex'),
      );
    }
  });

  it('refuses, when the scheme is made, a message without the salt and salts by id without a key id', () => {
    expect(() => acme({ message: [{ field: 'id' }] })).toThrow(/salt/);
    expect(() => acme({ keys: keysFromKeyRing({ 1: 'salt' }, 'salts', 'acme') })).toThrow(/key id/);
    expect(() => acme({ name: 'Not An Id' })).toThrow(TypeError);
  });

  it('keys replays on the hashed fields, without the salt', async () => {
    const scheme = acme();
    const verified = await verify(scheme, post(sign(scheme, { body: { id: 'a', other: 1 } })), {
      replayStore: new MemoryReplayStore(),
    });
    expect(verified.replayClaim?.key).toBe(`acme:msg:${sha256('a|')}`);
  });
});
