import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  cryptoBackend,
  explainAsync,
  plaid,
  sign,
  signAsync,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../support/key-server.js';

// Plaid on the core's Web Crypto build: the key fetched from a local server, the ES256
// signature verified and the body's SHA-256 computed in runWithCrypto's passes, with no
// node:crypto on the core's path (node:crypto here only makes the test's keys and JWTs).

const KID = 'bfbd5111-8e33-4643-8ced-b2e642a72f3c';
const NOW = 1_700_000_000_000;
const BODY = JSON.stringify({ webhook_type: 'ITEM', webhook_code: 'ERROR' }, null, 2);
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = publicKey.export({ format: 'jwk' });

const servers: KeyServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function plaidScheme(options: { privateKey?: string; kid?: string } = {}) {
  const server = await startKeyServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({ key: { ...jwk, alg: 'ES256', use: 'sig', kid: KID, expired_at: null } }),
    );
  });
  servers.push(server);
  return plaid({
    clientId: 'client',
    secret: 'secret',
    environment: 'sandbox',
    fetch: server.fetch,
    ...options,
  });
}

const delivery = (jwt: string, body = BODY): WebhookRequest => ({
  method: 'POST',
  url: '/plaid',
  headers: { 'content-type': 'application/json', 'plaid-verification': jwt },
  body,
});

describe('plaid on Web Crypto', () => {
  it('runs on the web build', () => {
    expect(cryptoBackend).toBe('web-crypto');
  });

  it('verifies a JWT jose signed, and refuses a changed body', async () => {
    const scheme = await plaidScheme();
    const jwt = await new SignJWT({
      request_body_sha256: createHash('sha256').update(BODY).digest('hex'),
    })
      .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'JWT' })
      .setIssuedAt(NOW / 1000)
      .sign(privateKey);
    await expect(verify(scheme, delivery(jwt), { now: () => NOW })).resolves.toMatchObject({
      matchedKey: KID,
      payload: JSON.parse(BODY),
    });
    await expect(
      verify(scheme, delivery(jwt, BODY.replace('ERROR', 'OTHER')), { now: () => NOW }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    const explanation = await explainAsync(scheme, delivery(jwt), { now: () => NOW });
    expect(explanation.verdict).toEqual({ ok: true, matchedKey: KID });
  });

  it('signs with signAsync what jose verifies and verify accepts; sign() says to use it', async () => {
    const scheme = await plaidScheme({
      privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      kid: KID,
    });
    expect(() => sign(scheme, { body: BODY })).toThrow(/signAsync/);
    const signed = await signAsync(scheme, { body: BODY }, { now: () => NOW });
    const jwt = signed.headers['plaid-verification'] as string;
    const { payload } = await jwtVerify(jwt, await importJWK({ ...jwk, alg: 'ES256' } as JWK), {
      maxTokenAge: '5 min',
      currentDate: new Date(NOW),
    });
    expect(payload.request_body_sha256).toBe(createHash('sha256').update(BODY).digest('hex'));
    await expect(verify(scheme, delivery(jwt), { now: () => NOW })).resolves.toBeDefined();
  });
});
