// @ts-check
// The same checks on every runtime (test/runtimes/portable.test.ts runs them on Node, Bun,
// Deno, workerd and Vercel's Edge runtime): every known-answer vector through verify, sign
// and signAsync (test/support/vector-checks.mjs), then Web Request round trips. It imports
// only the published packages and plain test modules, so each runtime resolves the packages
// with its own conditions; nothing here may touch a Node-only API, and nothing throws: each
// check reports { name, ok, detail }.
import * as core from '@hookguard/core';
import {
  cryptoBackend,
  github,
  MemoryReplayStore,
  signAsync,
  standardWebhooks,
  stripe,
  twilio,
  WebhookVerificationError,
} from '@hookguard/core';
import { verifyRequest, withWebhook } from '@hookguard/web';
import { vectorChecks } from '../support/vector-checks.mjs';
import { VECTOR_FILES } from './vector-files.mjs';

const PUBLIC_ORIGIN = 'https://merchant.example';

/**
 * One scheme per signing style: Stripe (timestamped header), GitHub (body only), Twilio
 * (a form, signed over its public URL) and Standard Webhooks (base64 secret, id and
 * timestamp). `tamper` changes the body as an attacker would, keeping the headers.
 */
const CASES = [
  {
    name: 'stripe',
    scheme: stripe({ secret: 'whsec_portable_suite' }),
    input: { body: { id: 'evt_portable', type: 'invoice.paid' } },
    payload: { id: 'evt_portable', type: 'invoice.paid' },
    tamper: (/** @type {string} */ body) => body.replace('invoice.paid', 'invoice.voided'),
  },
  {
    name: 'github',
    scheme: github({ secret: 'github-portable-suite' }),
    input: { body: { action: 'opened', number: 14 } },
    payload: { action: 'opened', number: 14 },
    tamper: (/** @type {string} */ body) => body.replace('14', '15'),
  },
  {
    name: 'twilio (form, publicUrl)',
    scheme: twilio({ authToken: 'twilio-portable-suite', publicUrl: PUBLIC_ORIGIN }),
    input: { url: '/webhooks/twilio?source=sms', params: { From: '+15005550006', Body: 'Hi' } },
    payload: { From: '+15005550006', Body: 'Hi' },
    tamper: (/** @type {string} */ body) => body.replace('Hi', 'Bye'),
  },
  {
    name: 'standard-webhooks',
    scheme: standardWebhooks({ secret: 'whsec_cG9ydGFibGUtc3VpdGUtc2VjcmV0' }),
    input: { body: { type: 'user.created', data: { id: 'u_1' } } },
    payload: { type: 'user.created', data: { id: 'u_1' } },
    tamper: (/** @type {string} */ body) => body.replace('u_1', 'u_2'),
  },
];

/** What the runtime says it is; each is checked against the binary the test started. */
function runtimeIdentity() {
  const global = /** @type {Record<string, any>} */ (globalThis);
  if (global.Bun) return `bun/${global.Bun.version}`;
  if (global.Deno) return `deno/${global.Deno.version.deno}`;
  if (typeof global.EdgeRuntime === 'string') return `edge-runtime/${global.EdgeRuntime}`;
  if (global.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd/Cloudflare-Workers';
  if (global.process?.release?.name === 'node') return `node/${global.process.versions.node}`;
  return `unknown/${global.navigator?.userAgent}`;
}

/** JSON with sorted keys: a form payload is a null-prototype object in field order. */
function canonical(/** @type {unknown} */ value) {
  return JSON.stringify(value, (_key, item) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}

/** @typedef {{ url?: string, headers: Readonly<Record<string, string>>, body: string | Uint8Array }} Signed */

/** The signed body as text. */
function bodyText(/** @type {Signed} */ signed) {
  return typeof signed.body === 'string' ? signed.body : new TextDecoder().decode(signed.body);
}

/**
 * The delivery as a Request, as the vendor sends it (Twilio's signed URL included).
 * @param {Signed} signed
 * @param {string} name
 * @param {string} [body] a replacement body
 */
function toRequest(signed, name, body = bodyText(signed)) {
  const url = signed.url ?? `${PUBLIC_ORIGIN}/webhooks/${name}`;
  return new Request(url, { method: 'POST', headers: signed.headers, body });
}

/** The error's code when it is a WebhookVerificationError, else what was thrown. */
async function rejectionOf(/** @type {() => Promise<unknown>} */ run) {
  try {
    await run();
    return 'resolved';
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.code;
    return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

/**
 * @param {string} name
 * @param {() => Promise<string | true>} check resolves true, or what went wrong
 */
async function result(name, check) {
  try {
    const outcome = await check();
    return { name, ok: outcome === true, detail: outcome === true ? 'ok' : outcome };
  } catch (error) {
    return {
      name,
      ok: false,
      detail: `threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    };
  }
}

/** @param {(typeof CASES)[number]} testCase */
function checksFor({ name, scheme, input, payload, tamper }) {
  const expected = canonical(payload);
  // The cases differ in scheme and input type; each input is its own scheme's.
  const sign = () =>
    /** @type {Promise<Signed>} */ (
      signAsync(/** @type {any} */ (scheme), /** @type {any} */ (input))
    );
  /** A delivery verified and committed through `replayStore`, then sent again: `replayed`. */
  const replayedThrough = async (
    /** @type {import('@hookguard/core').ReplayStore} */ replayStore,
  ) => {
    const signed = await sign();
    const first = await verifyRequest(scheme, toRequest(signed, name), { replayStore });
    if (first.replayClaim === undefined) return 'no replayClaim with a replayStore';
    await first.replayClaim.commit();
    const code = await rejectionOf(() =>
      verifyRequest(scheme, toRequest(signed, name), { replayStore }),
    );
    return code === 'replayed' || `second delivery: ${code}`;
  };
  return [
    result(`${name}: signAsync, then verifyRequest accepts it with its payload`, async () => {
      const webhook = await verifyRequest(scheme, toRequest(await sign(), name));
      return canonical(webhook.payload) === expected || `payload ${canonical(webhook.payload)}`;
    }),
    result(`${name}: a tampered body is invalid_signature`, async () => {
      const signed = await sign();
      const body = tamper(bodyText(signed));
      const code = await rejectionOf(() => verifyRequest(scheme, toRequest(signed, name, body)));
      return code === 'invalid_signature' || `got ${code}`;
    }),
    result(`${name}: the same delivery after commit() is replayed`, () =>
      replayedThrough(new MemoryReplayStore()),
    ),
    // A store that answers later, as Redis does, arms the core's deadline timer: on workerd
    // with nodejs_compat at older dates that timer's unref() throws.
    result(`${name}: through a store that answers asynchronously, a replay is replayed`, () => {
      const memory = new MemoryReplayStore();
      return replayedThrough({
        claim: async (key, token, leaseMs) => memory.claim(key, token, leaseMs),
        commit: async (key, token, ttlMs) => memory.commit(key, token, ttlMs),
        release: async (key, token) => memory.release(key, token),
      });
    }),
    result(`${name}: withWebhook answers 200, then 401 JSON to a forgery`, async () => {
      const handle = withWebhook(scheme, (_request, webhook) =>
        Response.json({ payload: webhook.payload }),
      );
      const signed = await sign();
      const accepted = await handle(toRequest(signed, name));
      const acceptedBody = /** @type {{ payload?: unknown }} */ (await accepted.json());
      if (accepted.status !== 200 || canonical(acceptedBody.payload) !== expected) {
        return `signed: ${accepted.status} ${JSON.stringify(acceptedBody)}`;
      }
      const forged = await handle(toRequest(signed, name, tamper(bodyText(signed))));
      const type = forged.headers.get('content-type') ?? '';
      const forgedBody = /** @type {{ error?: { code?: string } }} */ (await forged.json());
      return (
        (forged.status === 401 &&
          type.startsWith('application/json') &&
          forgedBody?.error?.code === 'invalid_signature') ||
        `forged: ${forged.status} ${type} ${JSON.stringify(forgedBody)}`
      );
    }),
  ];
}

/**
 * What a subscriber to `hookguard:verify:end` saw of one verification, where the runtime
 * has `node:diagnostics_channel`: asked for as the core's Web build asks for it
 * (`process.getBuiltinModule`), never imported, since a Worker without `nodejs_compat` would
 * not load with a `node:` import. `published`, `absent` (no such module: the core must
 * publish nothing and verify as ever), or what went wrong.
 */
async function diagnosticsSeen() {
  const runtime = /** @type {{ process?: { getBuiltinModule?: (id: string) => any } }} */ (
    globalThis
  ).process;
  let channels;
  try {
    channels = runtime?.getBuiltinModule?.('node:diagnostics_channel');
  } catch {
    channels = undefined;
  }
  if (channels === undefined) return 'absent';
  /** @type {unknown[]} */
  const seen = [];
  const listener = (/** @type {any} */ message) => seen.push([message.provider, message.outcome]);
  channels.subscribe(core.VERIFY_CHANNELS.end, listener);
  try {
    const scheme = github({ secret: 'github-portable-diagnostics' });
    const signed = /** @type {Signed} */ (await signAsync(scheme, { body: { zen: 'hi' } }));
    await verifyRequest(scheme, toRequest(signed, 'github'));
  } finally {
    channels.unsubscribe(core.VERIFY_CHANNELS.end, listener);
  }
  const expected = JSON.stringify([['github', 'accepted']]);
  return JSON.stringify(seen) === expected ? 'published' : `saw ${JSON.stringify(seen)}`;
}

/** Prefixes the names of the known-answer vector checks in the report. */
export const VECTOR_CHECK_PREFIX = 'vector ';

/**
 * Runs every check and reports which runtime ran them, which crypto path `@hookguard/core`
 * loaded there, whether its diagnostics channels reached a subscriber, and which vector
 * files it read.
 * @returns {Promise<{ runtime: string, crypto: string, diagnostics: string, vectorFiles: string[], results: { name: string, ok: boolean, detail: string }[] }>}
 */
export async function runPortableSuite() {
  const files = /** @type {import('../support/vectors.js').VectorFile[]} */ (
    /** @type {unknown} */ (VECTOR_FILES)
  );
  const results = [];
  for (const { title, run } of vectorChecks(core, files)) {
    results.push(
      await result(`${VECTOR_CHECK_PREFIX}${title}`, async () => {
        await run();
        return true;
      }),
    );
  }
  for (const testCase of CASES) results.push(...(await Promise.all(checksFor(testCase))));
  return {
    runtime: runtimeIdentity(),
    crypto: cryptoBackend,
    diagnostics: await diagnosticsSeen().catch((error) => `threw ${String(error)}`),
    vectorFiles: files.map(({ file }) => file),
    results,
  };
}
