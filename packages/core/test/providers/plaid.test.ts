import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import {
  explain,
  explainAsync,
  formatExplanation,
  MemoryReplayStore,
  type PlaidOptions,
  plaid,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import {
  decodeProtectedHeader,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { p256SpkiFromJwk } from '../../src/keys/ec-jwk.js';
import { plaidVerificationKey } from '../../src/providers/plaid/verification-key.js';
import {
  type KeyHandler,
  type KeyServer,
  type ReceivedRequest,
  startKeyServer,
  writeLazily,
} from '../support/key-server.js';

// Plaid: JWTs signed by `jose` (an independent JWS implementation, the library Plaid's Node
// sample verifies with), verified with keys a real local server answers to the POST Plaid's
// /webhook_verification_key/get takes; the `fetch` option maps Plaid's https URL to it after
// the allow-list check. Our own `sign` output is verified by `jose` the way Plaid's sample does.

const CLIENT_ID = 'plaid-client-5f2c0e9a1b7d3c4e';
const SECRET = 'plaid-secret-9d8c7b6a5f4e3d2c1b0a';
// The kid in Plaid's documented example JWT header.
const KID = 'bfbd5111-8e33-4643-8ced-b2e642a72f3c';
const OTHER_KID = '6c5516e1-92dc-479e-a8ff-5a51992e0001';
const NOW = 1_700_000_000_000;
const IAT = NOW / 1000 - 30;
const at = (ms: number) => () => ms;

interface P256Pair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: JsonWebKey;
}
function p256(): P256Pair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKey, jwk: publicKey.export({ format: 'jwk' }) };
}
const PLAID_KEY = p256();
const ROTATED_KEY = p256();

/** Plaid's answer for a key, as /webhook_verification_key/get documents it. */
function keyAnswer(
  kid: string,
  pair: P256Pair,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const { x, y } = pair.jwk;
  return {
    key: {
      alg: 'ES256',
      created_at: 1_560_466_150,
      crv: 'P-256',
      expired_at: null,
      kid,
      kty: 'EC',
      use: 'sig',
      x,
      y,
      ...extra,
    },
    request_id: 'RZ6Omi1bzzwDaLo',
  };
}

const json = (status: number, body: unknown, raw?: string): KeyHandler => {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(raw ?? JSON.stringify(body));
  };
};

/** Plaid's key endpoint: the key for a kid it knows, a 400 (as Plaid answers) for another. */
function plaidKeys(keys: Record<string, Record<string, unknown>>): KeyHandler {
  return (request, response, written) => {
    const { key_id: kid } = JSON.parse(request.body) as { key_id: string };
    const answer = keys[kid];
    if (answer === undefined) {
      json(400, {
        error_type: 'INVALID_INPUT',
        error_code: 'INVALID_WEBHOOK_VERIFICATION_KEY_ID',
        error_message: 'invalid key_id provided',
      })(request, response, written);
      return;
    }
    json(200, answer)(request, response, written);
  };
}

const servers: KeyServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handle: KeyHandler): Promise<KeyServer> {
  const server = await startKeyServer(handle);
  servers.push(server);
  return server;
}

const keyServer = () => serve(plaidKeys({ [KID]: keyAnswer(KID, PLAID_KEY) }));

function scheme(server: KeyServer, options: Partial<PlaidOptions> = {}) {
  return plaid({
    clientId: CLIENT_ID,
    secret: SECRET,
    environment: 'production',
    fetch: server.fetch,
    ...options,
  });
}

/** A Plaid webhook body: JSON indented with 2 spaces, as Plaid sends it. */
const BODY = JSON.stringify(
  {
    environment: 'production',
    item_id: 'wz666MBjYWTp2PDzzggYhM6oWWmBb',
    new_transactions: 17,
    webhook_code: 'DEFAULT_UPDATE',
    webhook_type: 'TRANSACTIONS',
  },
  null,
  2,
);
const hexSha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface JwtInput {
  readonly kid?: string;
  readonly key?: KeyObject;
  readonly iat?: number;
  readonly body?: string;
  readonly claims?: Record<string, unknown>;
}

/** A Plaid-Verification JWT, signed by jose as Plaid signs them. */
function plaidJwt({
  kid = KID,
  key = PLAID_KEY.privateKey,
  iat = IAT,
  body = BODY,
  claims,
}: JwtInput = {}) {
  return new SignJWT(claims ?? { request_body_sha256: hexSha256(body) })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setIssuedAt(iat)
    .sign(key);
}

function delivery(jwt: string | undefined, body = BODY): WebhookRequest {
  return {
    method: 'POST',
    url: '/webhooks/plaid',
    headers: {
      'content-type': 'application/json',
      ...(jwt === undefined ? {} : { 'plaid-verification': jwt }),
    },
    body,
  };
}

const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error & { code: string; status: number },
  );

/** Every message and cause the tests saw, checked for the credentials at the end of each. */
const seen: string[] = [];
function remember(error: unknown): void {
  const { message, cause } = error as Error;
  seen.push(message, String(cause ?? ''));
}
afterEach(() => {
  for (const text of seen.splice(0)) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(CLIENT_ID);
  }
});

async function refusal(promise: Promise<unknown>) {
  const error = await errorOf(promise);
  remember(error);
  return error;
}

function keyRequests(server: KeyServer): { method: string; url: string; body: unknown }[] {
  return server.requests.map((request: ReceivedRequest) => ({
    method: request.method,
    url: request.url,
    body: JSON.parse(request.body),
  }));
}

describe('plaid', () => {
  it('verifies a JWT jose signed, with the key fetched by POST { client_id, secret, key_id }', async () => {
    const server = await keyServer();
    const verified = await verify(scheme(server), delivery(await plaidJwt()), { now: at(NOW) });
    expect(verified.payload).toEqual(JSON.parse(BODY));
    expect(verified.matchedKey).toBe(KID);
    expect(verified.timestamp).toBe(IAT * 1000);
    expect(server.fetched).toEqual(['https://production.plaid.com/webhook_verification_key/get']);
    expect(keyRequests(server)).toEqual([
      {
        method: 'POST',
        url: '/webhook_verification_key/get',
        body: { client_id: CLIENT_ID, secret: SECRET, key_id: KID },
      },
    ]);
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('fetches from sandbox.plaid.com for environment: sandbox, chosen by configuration only', async () => {
    const server = await keyServer();
    await verify(scheme(server, { environment: 'sandbox' }), delivery(await plaidJwt()), {
      now: at(NOW),
    });
    expect(server.fetched).toEqual(['https://sandbox.plaid.com/webhook_verification_key/get']);
  });

  it('fetches an unknown kid once, concurrent deliveries included, and serves later ones from the cache', async () => {
    const server = await keyServer();
    const plaidScheme = scheme(server);
    const jwt = await plaidJwt();
    await Promise.all([1, 2, 3].map(() => verify(plaidScheme, delivery(jwt), { now: at(NOW) })));
    await verify(plaidScheme, delivery(await plaidJwt({ iat: IAT + 60 })), {
      now: at(NOW + 60_000),
    });
    expect(server.requests).toHaveLength(1);
  });

  it('fetches a new kid when Plaid rotates, and keeps both keys', async () => {
    const server = await serve(
      plaidKeys({
        [KID]: keyAnswer(KID, PLAID_KEY),
        [OTHER_KID]: keyAnswer(OTHER_KID, ROTATED_KEY),
      }),
    );
    const plaidScheme = scheme(server);
    await verify(plaidScheme, delivery(await plaidJwt()), { now: at(NOW) });
    const rotated = await plaidJwt({ kid: OTHER_KID, key: ROTATED_KEY.privateKey });
    expect((await verify(plaidScheme, delivery(rotated), { now: at(NOW) })).matchedKey).toBe(
      OTHER_KID,
    );
    await verify(plaidScheme, delivery(await plaidJwt()), { now: at(NOW) });
    expect(
      keyRequests(server).map((request) => (request.body as { key_id: string }).key_id),
    ).toEqual([KID, OTHER_KID]);
  });

  it('refuses a changed body as invalid_signature once the JWT verified (the request_body_sha256 claim)', async () => {
    const server = await keyServer();
    const tampered = BODY.replace('17', '18');
    const error = await refusal(
      verify(scheme(server), delivery(await plaidJwt(), tampered), { now: at(NOW) }),
    );
    expect(error).toMatchObject({ code: 'invalid_signature', status: 401 });
    expect(error.message).toContain('request_body_sha256');
    // The same body re-indented is another body too: Plaid hashes it as sent.
    const reindented = JSON.stringify(JSON.parse(BODY), null, 4);
    await expect(
      verify(scheme(server), delivery(await plaidJwt(), reindented), { now: at(NOW) }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses a verified JWT without request_body_sha256, or with one that is not text', async () => {
    const server = await keyServer();
    for (const claims of [{}, { request_body_sha256: 17 }, { request_body_sha256: '' }]) {
      const error = await refusal(
        verify(scheme(server), delivery(await plaidJwt({ claims })), { now: at(NOW) }),
      );
      expect(error).toMatchObject({ code: 'invalid_signature' });
    }
  });

  it('refuses a JWT signed by another key than the one Plaid answers for its kid', async () => {
    const server = await keyServer();
    const forged = await plaidJwt({ key: ROTATED_KEY.privateKey });
    const error = await refusal(verify(scheme(server), delivery(forged), { now: at(NOW) }));
    expect(error).toMatchObject({ code: 'invalid_signature', status: 401 });
    expect(error.message).toContain('the Plaid-Verification JWT signature does not match');
  });

  it('refuses a kid Plaid does not know as key_unavailable (Plaid answers 400)', async () => {
    const server = await keyServer();
    const unknown = await plaidJwt({ kid: OTHER_KID });
    const error = await refusal(verify(scheme(server), delivery(unknown), { now: at(NOW) }));
    expect(error).toMatchObject({ code: 'key_unavailable', status: 503 });
    expect(error.message).toContain('HTTP 400');
  });

  describe('refused before any key is fetched', () => {
    const header = (fields: Record<string, unknown>) => b64url(fields);
    const claims = b64url({ iat: IAT, request_body_sha256: hexSha256(BODY) });
    const rawSignature = Buffer.alloc(64, 7).toString('base64url');

    it.each([
      ['alg none', async () => `${header({ alg: 'none', kid: KID, typ: 'JWT' })}.${claims}.`],
      [
        'alg HS256 (keyed with the client secret)',
        () =>
          new SignJWT({ request_body_sha256: hexSha256(BODY) })
            .setProtectedHeader({ alg: 'HS256', kid: KID, typ: 'JWT' })
            .setIssuedAt(IAT)
            .sign(new TextEncoder().encode(SECRET)),
      ],
      [
        'alg RS256',
        () =>
          new SignJWT({ request_body_sha256: hexSha256(BODY) })
            .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
            .setIssuedAt(IAT)
            .sign(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
      ],
      [
        'alg es256 (case matters)',
        async () => `${header({ alg: 'es256', kid: KID })}.${claims}.${rawSignature}`,
      ],
      ['no alg', async () => `${header({ kid: KID })}.${claims}.${rawSignature}`],
      ['no kid', async () => `${header({ alg: 'ES256' })}.${claims}.${rawSignature}`],
      [
        'a kid that is not text',
        async () => `${header({ alg: 'ES256', kid: 7 })}.${claims}.${rawSignature}`,
      ],
      [
        'a kid with spaces',
        async () => `${header({ alg: 'ES256', kid: 'a b' })}.${claims}.${rawSignature}`,
      ],
      [
        'a crit header',
        async () =>
          `${header({ alg: 'ES256', kid: KID, crit: ['b64'], b64: false })}.${claims}.${rawSignature}`,
      ],
      ['two parts', async () => `${header({ alg: 'ES256', kid: KID })}.${claims}`],
      ['four parts', async () => `${await plaidJwt()}.x`],
      [
        'padded base64url',
        async () => `${header({ alg: 'ES256', kid: KID })}=.${claims}.${rawSignature}`,
      ],
      ['a header that is not JSON', async () => `${b64url('{alg')}.${claims}.${rawSignature}`],
      ['a header that is a JSON array', async () => `${b64url('[1]')}.${claims}.${rawSignature}`],
      [
        'a header that is not UTF-8',
        async () => `${Buffer.from([0xff, 0xfe]).toString('base64url')}.${claims}.${rawSignature}`,
      ],
      ['an empty header', async () => `.${claims}.${rawSignature}`],
      [
        'claims that are not JSON',
        async () => `${header({ alg: 'ES256', kid: KID })}.${b64url('iat=1')}.${rawSignature}`,
      ],
      [
        'a signature that is not 64 bytes',
        async () =>
          `${(await plaidJwt()).split('.').slice(0, 2).join('.')}.${Buffer.alloc(63).toString('base64url')}`,
      ],
      ['an empty signature', async () => `${header({ alg: 'ES256', kid: KID })}.${claims}.`],
      [
        'a DER signature',
        async () =>
          `${header({ alg: 'ES256', kid: KID })}.${claims}.${Buffer.alloc(70, 1).toString('base64url')}`,
      ],
      [
        'a header past 4096 characters',
        async () =>
          `${header({ alg: 'ES256', kid: KID, pad: 'x'.repeat(4096) })}.${claims}.${rawSignature}`,
      ],
    ])('refuses %s as invalid_signature, and fetches nothing', async (_, make) => {
      const server = await keyServer();
      const error = await refusal(verify(scheme(server), delivery(await make()), { now: at(NOW) }));
      expect(error).toMatchObject({ code: 'invalid_signature', status: 401 });
      expect(server.fetched).toEqual([]);
      expect(server.requests).toEqual([]);
    });

    it('names the alg it refused', async () => {
      const server = await keyServer();
      const none = `${header({ alg: 'none', kid: KID })}.${claims}.`;
      const error = await refusal(verify(scheme(server), delivery(none), { now: at(NOW) }));
      expect(error.message).toBe(
        `[hookguard] plaid: the Plaid-Verification JWT's alg is "none"; Plaid signs with ES256, the only algorithm accepted (nothing was fetched).`,
      );
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
    ])('refuses a %s Plaid-Verification header as missing_signature', async (_, jwt) => {
      const server = await keyServer();
      const error = await refusal(verify(scheme(server), delivery(jwt), { now: at(NOW) }));
      expect(error).toMatchObject({ code: 'missing_signature', status: 401 });
      expect(server.requests).toEqual([]);
    });
  });

  describe('iat', () => {
    it.each([
      ['300 s old', -300, true],
      ['301 s old', -301, false],
      ['300 s in the future', 300, true],
      ['301 s in the future', 301, false],
    ])('is %s: accepted %s', async (_, offset, accepted) => {
      const server = await keyServer();
      const outcome = verify(
        scheme(server),
        delivery(await plaidJwt({ iat: NOW / 1000 + offset })),
        {
          now: at(NOW),
        },
      );
      if (accepted) await expect(outcome).resolves.toBeDefined();
      else
        expect(await refusal(outcome)).toMatchObject({
          code: 'timestamp_out_of_tolerance',
          status: 401,
        });
    });

    it('takes another tolerance, or none', async () => {
      const server = await keyServer();
      const hourOld = await plaidJwt({ iat: NOW / 1000 - 3600 });
      await expect(
        verify(scheme(server, { tolerance: 3600 }), delivery(hourOld), { now: at(NOW) }),
      ).resolves.toBeDefined();
      await expect(
        verify(scheme(server, { tolerance: false }), delivery(hourOld), { now: at(NOW) }),
      ).resolves.toBeDefined();
    });

    it.each([
      ['absent', { request_body_sha256: hexSha256(BODY) }, '"(no iat claim)"'],
      ['text', { iat: String(IAT), request_body_sha256: hexSha256(BODY) }, `"\\"${IAT}\\""`],
      ['negative', { iat: -1, request_body_sha256: hexSha256(BODY) }, '"-1"'],
      ['huge', { iat: 1e300, request_body_sha256: hexSha256(BODY) }, '"1e+300"'],
    ])('refuses an iat that is %s as timestamp_out_of_tolerance', async (_, payload, shown) => {
      const server = await keyServer();
      // jose types iat as a number; these claims are wrong on purpose.
      const jwt = await new SignJWT(payload as unknown as JWTPayload)
        .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'JWT' })
        .sign(PLAID_KEY.privateKey);
      const error = await refusal(verify(scheme(server), delivery(jwt), { now: at(NOW) }));
      expect(error).toMatchObject({ code: 'timestamp_out_of_tolerance' });
      expect(error.message).toContain(`the timestamp ${shown} is not a valid iat claim`);
    });

    it('reads a fractional iat (a NumericDate may have one)', async () => {
      const server = await keyServer();
      const verified = await verify(scheme(server), delivery(await plaidJwt({ iat: IAT + 0.25 })), {
        now: at(NOW),
      });
      expect(verified.timestamp).toBe(IAT * 1000 + 250);
    });
  });

  describe('keys', () => {
    it('refuses a key whose expired_at has passed as key_unavailable, naming when it expired', async () => {
      const expiredAt = NOW / 1000 - 60;
      const server = await serve(
        plaidKeys({ [KID]: keyAnswer(KID, PLAID_KEY, { expired_at: expiredAt }) }),
      );
      const error = await refusal(
        verify(scheme(server), delivery(await plaidJwt()), { now: at(NOW) }),
      );
      expect(error).toMatchObject({ code: 'key_unavailable', status: 503 });
      expect(error.message).toContain(`expired at ${new Date(expiredAt * 1000).toISOString()}`);
    });

    it('uses a key until its expired_at, then fetches it again and refuses it', async () => {
      const expiredAt = NOW / 1000 + 120;
      const server = await serve(
        plaidKeys({ [KID]: keyAnswer(KID, PLAID_KEY, { expired_at: expiredAt }) }),
      );
      const plaidScheme = scheme(server);
      await verify(plaidScheme, delivery(await plaidJwt()), { now: at(NOW) });
      await verify(plaidScheme, delivery(await plaidJwt({ iat: expiredAt - 2 })), {
        now: at(expiredAt * 1000 - 1),
      });
      expect(server.requests).toHaveLength(1);
      const late = await plaidJwt({ iat: expiredAt });
      expect(
        await refusal(verify(plaidScheme, delivery(late), { now: at(expiredAt * 1000) })),
      ).toMatchObject({ code: 'key_unavailable' });
      expect(server.requests).toHaveLength(2);
    });

    it.each([
      ['not JSON', 'not json'],
      ['JSON without a key', JSON.stringify({ request_id: 'x' })],
      ['a key for another kid', JSON.stringify(keyAnswer(OTHER_KID, PLAID_KEY))],
      ['an RS256 key', JSON.stringify(keyAnswer(KID, PLAID_KEY, { alg: 'RS256' }))],
      ['an encryption key', JSON.stringify(keyAnswer(KID, PLAID_KEY, { use: 'enc' }))],
      ['a P-384 key', JSON.stringify(keyAnswer(KID, PLAID_KEY, { crv: 'P-384' }))],
      [
        'a point off the curve',
        JSON.stringify(
          keyAnswer(KID, PLAID_KEY, {
            y: Buffer.from(
              Buffer.from(PLAID_KEY.jwk.y as string, 'base64url').map((byte, index) =>
                index === 31 ? byte ^ 1 : byte,
              ),
            ).toString('base64url'),
          }),
        ),
      ],
      [
        'an expired_at that is text',
        JSON.stringify(keyAnswer(KID, PLAID_KEY, { expired_at: '2030' })),
      ],
      ['an expired_at before 1970', JSON.stringify(keyAnswer(KID, PLAID_KEY, { expired_at: -1 }))],
    ])('refuses an answer that is %s as key_unavailable, showing none of it', async (_, raw) => {
      const server = await serve(json(200, undefined, raw));
      const error = await refusal(
        verify(scheme(server), delivery(await plaidJwt()), { now: at(NOW) }),
      );
      expect(error).toMatchObject({ code: 'key_unavailable', status: 503 });
      expect(error.message).not.toContain(raw.slice(0, 12));
      expect(error.message).not.toContain(PLAID_KEY.jwk.x as string);
    });

    it('answers key_unavailable when the key server fails, and fetches again for the next delivery', async () => {
      let failing = true;
      const server = await serve((request, response, written) =>
        failing
          ? json(500, { error_message: `internal error for ${SECRET}` })(request, response, written)
          : plaidKeys({ [KID]: keyAnswer(KID, PLAID_KEY) })(request, response, written),
      );
      const plaidScheme = scheme(server);
      const jwt = await plaidJwt();
      expect(await refusal(verify(plaidScheme, delivery(jwt), { now: at(NOW) }))).toMatchObject({
        code: 'key_unavailable',
        status: 503,
      });
      failing = false;
      await expect(verify(plaidScheme, delivery(jwt), { now: at(NOW) })).resolves.toBeDefined();
      expect(server.requests).toHaveLength(2);
    });

    it('answers key_unavailable when the key server is slower than keyFetchTimeout', async () => {
      const server = await serve(() => {
        // Never answers.
      });
      const started = Date.now();
      expect(
        await refusal(
          verify(scheme(server, { keyFetchTimeout: 200 }), delivery(await plaidJwt()), {
            now: at(NOW),
          }),
        ),
      ).toMatchObject({ code: 'key_unavailable' });
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('answers key_unavailable for a huge answer, and stops reading it', async () => {
      const server = await serve((_request, response, written) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        writeLazily(response, 50 * 1024 * 1024, written);
      });
      expect(
        await refusal(verify(scheme(server), delivery(await plaidJwt()), { now: at(NOW) })),
      ).toMatchObject({ code: 'key_unavailable' });
      const [closed] = await server.closedCount(1);
      expect(closed?.finished).toBe(false);
      expect(closed?.bytesWritten).toBeLessThan(10 * 1024 * 1024);
    });

    it('stops fetching after maxKeyFetchesPerMinute new kids in a minute', async () => {
      const server = await keyServer();
      const plaidScheme = scheme(server, { maxKeyFetchesPerMinute: 2 });
      for (const n of [1, 2, 3, 4]) {
        const jwt = await plaidJwt({ kid: `unknown-${n}` });
        expect(await refusal(verify(plaidScheme, delivery(jwt), { now: at(NOW) }))).toMatchObject({
          code: 'key_unavailable',
        });
      }
      expect(server.requests).toHaveLength(2);
    });

    it("reads the key in Plaid's documented answer to the SPKI OpenSSL makes of it", () => {
      // plaid.com/docs/api/webhooks/webhook-verification, "Response Object".
      const documented = {
        key: {
          alg: 'ES256',
          created_at: 1560466150,
          crv: 'P-256',
          expired_at: null,
          kid: 'bfbd5111-8e33-4643-8ced-b2e642a72f3c',
          kty: 'EC',
          use: 'sig',
          x: 'hKXLGIjWvCBv-cP5euCTxl8g9GLG9zHo_3pO5NN1DwQ',
          y: 'shhexqPB7YffGn6fR6h2UhTSuCtPmfzQJ6ENVIoO4Ys',
        },
        request_id: 'RZ6Omi1bzzwDaLo',
      };
      const loaded = plaidVerificationKey(
        new TextEncoder().encode(JSON.stringify(documented)),
        documented.key.kid,
        NOW,
        'plaid',
      );
      const openssl = createPublicKey({ key: documented.key, format: 'jwk' }).export({
        type: 'spki',
        format: 'der',
      });
      expect(Buffer.from(loaded.value.bytes).equals(openssl)).toBe(true);
      expect(loaded.expiresAt).toBeUndefined();
    });

    it('reads P-256 JWKs as OpenSSL does, and refuses anything else', () => {
      for (let n = 0; n < 20; n++) {
        const { jwk, publicKey } = p256();
        const spki = p256SpkiFromJwk(jwk) as Uint8Array;
        expect(Buffer.from(spki).equals(publicKey.export({ type: 'spki', format: 'der' }))).toBe(
          true,
        );
      }
      const { x, y } = PLAID_KEY.jwk;
      const p = '_____wAAAAEAAAAAAAAAAAAAAAD_______________8'; // the field prime
      for (const bad of [
        null,
        'jwk',
        { kty: 'RSA', crv: 'P-256', x, y },
        { kty: 'EC', crv: 'P-384', x, y },
        { kty: 'EC', crv: 'P-256', x },
        { kty: 'EC', crv: 'P-256', x, y: `${y}=` },
        { kty: 'EC', crv: 'P-256', x, y: (y as string).slice(1) },
        { kty: 'EC', crv: 'P-256', x: p, y },
        { kty: 'EC', crv: 'P-256', x, y: p },
        { kty: 'EC', crv: 'P-256', x: y, y: x },
      ])
        expect(p256SpkiFromJwk(bad), JSON.stringify(bad)).toBeUndefined();
    });
  });

  it('refuses a second copy with a replay store, and the (r, n − s) twin of its signature too', async () => {
    const server = await keyServer();
    const plaidScheme = scheme(server);
    const replayStore = new MemoryReplayStore();
    const jwt = await plaidJwt();
    const first = await verify(plaidScheme, delivery(jwt), { now: at(NOW), replayStore });
    await first.replayClaim?.commit();
    expect(
      await refusal(verify(plaidScheme, delivery(jwt), { now: at(NOW), replayStore })),
    ).toMatchObject({ code: 'replayed' });
    // s → n − s: another valid signature of the same JWT, which anyone can compute.
    const [head, payload, signature] = jwt.split('.') as [string, string, string];
    const raw = Buffer.from(signature, 'base64url');
    const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    const s = BigInt(`0x${raw.subarray(32).toString('hex')}`);
    const twinS = Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex');
    const twin = `${head}.${payload}.${Buffer.concat([raw.subarray(0, 32), twinS]).toString('base64url')}`;
    expect(
      await refusal(verify(plaidScheme, delivery(twin), { now: at(NOW), replayStore })),
    ).toMatchObject({ code: 'replayed' });
  });

  describe('sign', () => {
    const privateKey = PLAID_KEY.privateKey
      .export({ type: 'pkcs8', format: 'der' })
      .toString('base64');

    it("signs what jose verifies as Plaid's Node sample does (jwtVerify, maxTokenAge 5 min)", async () => {
      const server = await keyServer();
      const signer = scheme(server, { privateKey, kid: KID });
      const signed = sign(signer, { body: BODY, timestamp: NOW });
      const jwt = signed.headers['plaid-verification'] as string;
      expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', kid: KID, typ: 'JWT' });
      const key = await importJWK({ ...PLAID_KEY.jwk, alg: 'ES256' } as JWK);
      const { payload } = await jwtVerify(jwt, key, {
        maxTokenAge: '5 min',
        currentDate: new Date(NOW + 60_000),
      });
      expect(payload).toEqual({ iat: NOW / 1000, request_body_sha256: hexSha256(BODY) });
      expect(signed.headers['content-type']).toBe('application/json');
      expect(signed.body).toBe(BODY);
      // And it round-trips, with an object body sent as JSON, signed at the clock's time.
      const object = sign(signer, { body: { webhook_type: 'ITEM' } }, { now: at(NOW) });
      await expect(
        verify(signer, delivery(object.headers['plaid-verification'], String(object.body)), {
          now: at(NOW),
        }),
      ).resolves.toMatchObject({ payload: { webhook_type: 'ITEM' } });
    });

    it('needs a kid and a private key, given as PKCS#8 base64', async () => {
      const server = await keyServer();
      expect(() => sign(scheme(server, { privateKey }), { body: BODY })).toThrow(/sign needs kid/);
      expect(() => sign(scheme(server, { kid: KID }), { body: BODY })).toThrow(/privateKey/);
      expect(() => scheme(server, { privateKey: 'not base64!' })).toThrow(
        /privateKey must be PKCS#8 DER in base64/,
      );
    });
  });

  it('refuses a bad configuration with a TypeError that never shows the secret', async () => {
    const server = await keyServer();
    const cases: [Partial<PlaidOptions>, RegExp][] = [
      [{ clientId: '' }, /clientId is required/],
      [{ clientId: undefined as never }, /clientId is required/],
      [{ secret: ' ' }, /secret is required/],
      [{ environment: 'development' as never }, /environment must be 'production' or 'sandbox'/],
      [{ environment: undefined as never }, /environment must be/],
      [{ tolerance: -1 }, /tolerance/],
      [{ replayTtl: 10 }, /replayTtl/],
      [{ maxKeyFetchesPerMinute: 0 }, /maxFetchesPerMinute/],
      [{ keyFetchTimeout: -5 }, /timeoutMs/],
    ];
    for (const [options, message] of cases) {
      let thrown: unknown;
      try {
        scheme(server, options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(TypeError);
      expect((thrown as Error).message).toMatch(message);
      remember(thrown);
    }
    expect(() => plaid(undefined as never)).toThrow(/clientId is required/);
  });

  describe('explain', () => {
    it('explains with explainAsync once the key is fetched; explain() says to use it', async () => {
      const server = await keyServer();
      const plaidScheme = scheme(server);
      const jwt = await plaidJwt();
      expect(() => explain(plaidScheme, delivery(jwt), { now: at(NOW) })).toThrow(
        /use explainAsync\(\)/,
      );
      const explanation = await explainAsync(plaidScheme, delivery(jwt), { now: at(NOW) });
      expect(explanation.verdict).toEqual({ ok: true, matchedKey: KID });
      expect(explanation.algorithm).toBe('ES256 (JWS: ECDSA P-256 with SHA-256)');
      expect(explanation.stringToSign?.text).toBe(jwt.split('.').slice(0, 2).join('.'));
      expect(explanation.timestamp).toMatchObject({ ageSeconds: 30, tolerance: 300 });
      expect(explanation.checks.map((check) => [check.check, check.outcome])).toEqual([
        ['media type', 'passed'],
        ['signature inputs', 'passed'],
        ['key id', 'passed'],
        ['signature', 'passed'],
        ['timestamp', 'passed'],
        ['payload', 'passed'],
      ]);
      // Now cached: the synchronous explain works too.
      expect(explain(plaidScheme, delivery(jwt), { now: at(NOW) }).verdict.ok).toBe(true);
      expect(server.requests).toHaveLength(1);
      const text = JSON.stringify(explanation) + formatExplanation(explanation);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(CLIENT_ID);
    });

    it('shows the body check as the failed payload step, after the signature and iat passed', async () => {
      const server = await keyServer();
      const explanation = await explainAsync(
        scheme(server),
        delivery(await plaidJwt(), BODY.replace('17', '18')),
        { now: at(NOW) },
      );
      expect(explanation.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
      expect(explanation.checks.map((check) => [check.check, check.outcome])).toEqual([
        ['media type', 'passed'],
        ['signature inputs', 'passed'],
        ['key id', 'passed'],
        ['signature', 'passed'],
        ['timestamp', 'passed'],
        ['payload', 'failed'],
      ]);
    });

    it('shows an alg refused at the signature inputs, with no key fetched', async () => {
      const server = await keyServer();
      const none = `${b64url({ alg: 'none', kid: KID })}.${b64url({ iat: IAT })}.`;
      const explanation = explain(scheme(server), delivery(none), { now: at(NOW) });
      expect(explanation.checks.map((check) => [check.check, check.outcome])).toEqual([
        ['media type', 'passed'],
        ['signature inputs', 'failed'],
        ['key id', 'not reached'],
        ['signature', 'not reached'],
        ['timestamp', 'not reached'],
        ['payload', 'not reached'],
      ]);
      expect(server.requests).toEqual([]);
    });

    it('shows key_unavailable as the failed key step when the key server fails (echoing the secret), never showing it', async () => {
      const server = await serve(json(400, { error_message: `bad secret ${SECRET}` }));
      const explanation = await explainAsync(scheme(server), delivery(await plaidJwt()), {
        now: at(NOW),
      });
      expect(explanation.verdict).toMatchObject({ ok: false, code: 'key_unavailable' });
      expect(explanation.checks.find(({ check }) => check === 'key id')).toMatchObject({
        outcome: 'failed',
        code: 'key_unavailable',
      });
      expect(JSON.stringify(explanation)).not.toContain(SECRET);
      expect(formatExplanation(explanation)).not.toContain(SECRET);
    });
  });
});
