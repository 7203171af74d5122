import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  MemoryReplayStore,
  type ReplayStore,
  sign,
  slack,
  stripe,
  VERIFY_CHANNELS,
  type VerifyEndMessage,
  type VerifyErrorMessage,
  verify,
  type WebhookRequest,
  WebhookVerificationError,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DiagnosticsChannel } from '../../src/platform/platform.js';

// The verification channels (`hookguard:verify:start|end|error`): one message object per
// verification, published to start and then, completed, to end or error; nothing published
// (or built) while nobody listens; never a byte of the request in a message.

const NOW = 1_700_000_000_000;
const now = () => NOW;
const NEW_SECRET = 'whsec_diagnostics_new';
const OLD_SECRET = 'whsec_diagnostics_old';
const rotating = stripe({ secret: [NEW_SECRET, OLD_SECRET] });
const BODY = { id: 'evt_diag', type: 'invoice.paid' };

function delivery(secret = NEW_SECRET, body: unknown = BODY): WebhookRequest {
  const signed = sign(stripe({ secret }), { body, timestamp: NOW });
  return { method: 'POST', url: '/hooks', headers: signed.headers, body: signed.body };
}

/** Every message published while `run` runs, in order, as [channel, snapshot, object]. */
async function recorded(run: () => Promise<unknown>, names = Object.values(VERIFY_CHANNELS)) {
  const seen: [string, Record<string, unknown>, object][] = [];
  const listeners = names.map((name) => {
    const listener = (message: unknown) =>
      seen.push([name, { ...(message as object) }, message as object]);
    subscribe(name, listener);
    return [name, listener] as const;
  });
  try {
    await run();
  } finally {
    for (const [name, listener] of listeners) unsubscribe(name, listener);
  }
  return seen;
}

/** The fields a message may carry: names and numbers, nothing from the request. */
const MESSAGE_FIELDS = [
  'code',
  'durationMs',
  'matchedKey',
  'outcome',
  'provider',
  'replay',
  'stage',
  'startTime',
  'status',
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the verification channels', () => {
  it('publish start, then end with the matched key, for an accepted delivery', async () => {
    const seen = await recorded(() => verify(rotating, delivery(), { now }));
    expect(seen.map(([name]) => name)).toEqual([VERIFY_CHANNELS.start, VERIFY_CHANNELS.end]);
    const [[, start, startObject], [, end, endObject]] = seen as [
      (typeof seen)[0],
      (typeof seen)[0],
    ];
    expect(startObject).toBe(endObject);
    expect(start).toMatchObject({ provider: 'stripe', outcome: undefined });
    expect(start.startTime).toBeTypeOf('number');
    const message = end as unknown as VerifyEndMessage;
    expect(message).toMatchObject({
      provider: 'stripe',
      outcome: 'accepted',
      matchedKey: 0,
      replay: 'off',
    });
    expect(message.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('name the second key when a delivery is still signed with the older secret', async () => {
    const seen = await recorded(() => verify(rotating, delivery(OLD_SECRET), { now }));
    expect(seen[1]?.[1]).toMatchObject({ outcome: 'accepted', matchedKey: 1 });
  });

  it('say whether the delivery was claimed, let through unprotected, or not claimed', async () => {
    const failing: ReplayStore = {
      claim: () => Promise.reject(new Error('down')),
      commit: async () => true,
      release: async () => true,
    };
    const replays: unknown[] = [];
    for (const options of [
      { now, replayStore: new MemoryReplayStore() },
      { now, replayStore: failing, failOpen: true, warn: () => {} },
      { now },
    ]) {
      const seen = await recorded(() => verify(rotating, delivery(), options));
      replays.push(seen[1]?.[1].replay);
    }
    expect(replays).toEqual(['claimed', 'unprotected', 'off']);
  });

  it('publish start, then error with the code and status, for a refusal', async () => {
    const forged = { ...delivery(), body: JSON.stringify({ ...BODY, type: 'invoice.voided' }) };
    const seen = await recorded(() => verify(rotating, forged, { now }).catch(() => {}));
    expect(seen.map(([name]) => name)).toEqual([VERIFY_CHANNELS.start, VERIFY_CHANNELS.error]);
    expect(seen[0]?.[2]).toBe(seen[1]?.[2]);
    const message = seen[1]?.[1] as unknown as VerifyErrorMessage;
    expect(message).toMatchObject({
      provider: 'stripe',
      outcome: 'rejected',
      code: 'invalid_signature',
      status: 401,
      stage: 'verify',
    });
    expect(message.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('publish a replay as an error with its code', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(rotating, delivery(), { now, replayStore });
    await first.replayClaim?.commit();
    const seen = await recorded(() =>
      verify(rotating, delivery(), { now, replayStore }).catch(() => {}),
    );
    expect(seen[1]?.[1]).toMatchObject({ outcome: 'rejected', code: 'replayed', status: 401 });
  });

  it('publish an error without a code when verification threw something else', async () => {
    const broken = () => {
      throw new RangeError('clock failed');
    };
    const seen = await recorded(() =>
      verify(rotating, delivery(), { now: broken }).catch((error: unknown) => {
        expect(error).toBeInstanceOf(RangeError);
      }),
    );
    expect(seen[1]?.[1]).toMatchObject({ outcome: 'rejected', code: undefined, status: undefined });
  });

  it('publish an error for a thrown value that is not an object, too', async () => {
    const throwing = () => {
      throw 'clock failed';
    };
    const seen = await recorded(() =>
      verify(rotating, delivery(), { now: throwing }).catch(() => {}),
    );
    expect(seen.map(([name]) => name)).toEqual([VERIFY_CHANNELS.start, VERIFY_CHANNELS.error]);
  });

  it('name an unknown provider when verify is given something that is not a scheme', async () => {
    const seen = await recorded(() =>
      verify(null as never, delivery(), { now }).catch((error: unknown) => {
        expect(error).toBeInstanceOf(TypeError);
      }),
    );
    expect(seen[1]?.[1]).toMatchObject({ provider: 'unknown', outcome: 'rejected' });
  });

  it('publish an answered handshake as an end with outcome handshake', async () => {
    const slackScheme = slack({ signingSecret: NEW_SECRET });
    const message = sign(slackScheme, {
      body: { type: 'url_verification', challenge: 'ch-1', token: 'x' },
      timestamp: NOW,
    });
    const request = { method: 'POST', url: '/s', headers: message.headers, body: message.body };
    const answering = webhookRoute(slackScheme, { now }, ['respond'], 't');
    const passing = webhookRoute(slackScheme, { now, handshakes: 'pass' }, ['respond'], 't');
    const seen = await recorded(async () => {
      await answering.handle(request);
      await passing.handle(request);
    });
    expect(
      seen.map(([, message]) => [message.outcome, message.matchedKey, message.replay]),
    ).toEqual([
      [undefined, undefined, undefined],
      ['handshake', undefined, 'off'],
      [undefined, undefined, undefined],
      ['accepted', 0, 'off'],
    ]);
  });

  it('reach a subscriber of the end channel alone', async () => {
    const seen = await recorded(() => verify(rotating, delivery(), { now }), [VERIFY_CHANNELS.end]);
    expect(seen.map(([name]) => name)).toEqual([VERIFY_CHANNELS.end]);
  });

  it('carry only names and numbers, never a byte of the request', async () => {
    const body = { id: 'evt_marker_7f3a', type: 'invoice.paid' };
    const seen = await recorded(async () => {
      await verify(rotating, delivery(NEW_SECRET, body), { now });
      await verify(
        rotating,
        { ...delivery(NEW_SECRET, body), body: '{"forged":true}' },
        {
          now,
        },
      ).catch(() => {});
    });
    expect(seen).toHaveLength(4);
    for (const [, message] of seen) {
      expect(Object.keys(message).sort()).toEqual(MESSAGE_FIELDS);
      for (const value of Object.values(message))
        expect(['string', 'number', 'undefined']).toContain(typeof value);
      const text = JSON.stringify(message);
      for (const secret of [NEW_SECRET, OLD_SECRET, 'evt_marker_7f3a', 'forged', 't=']) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('build nothing and read no clock while nobody listens', async () => {
    const clock = vi.spyOn(performance, 'now');
    await verify(rotating, delivery(), { now });
    await verify(rotating, { ...delivery(), body: '{}' }, { now }).catch(() => {});
    expect(clock).not.toHaveBeenCalled();
  });
});

describe("the adapter kit's refused()", () => {
  const route = webhookRoute(rotating, { now }, ['respond'], 't');

  it('publishes a refusal made before verification as a start and an error at stage read', async () => {
    const error = new WebhookVerificationError('body_too_large', 'too big', { provider: 'stripe' });
    const seen = await recorded(async () => route.refused(error, undefined));
    expect(seen.map(([name, message]) => [name, message.stage])).toEqual([
      [VERIFY_CHANNELS.start, undefined],
      [VERIFY_CHANNELS.error, 'read'],
    ]);
    expect(seen[1]?.[1]).toMatchObject({ code: 'body_too_large', status: 413, durationMs: 0 });
  });

  it('does not publish again a refusal that verification published', async () => {
    const seen = await recorded(async () => {
      const error = await route
        .handle({ ...delivery(), body: '{}' })
        .catch((refusal: unknown) => refusal);
      route.refused(error as WebhookVerificationError, undefined);
    });
    expect(seen.map(([name]) => name)).toEqual([VERIFY_CHANNELS.start, VERIFY_CHANNELS.error]);
  });

  it('publishes nothing while nobody listens', async () => {
    const clock = vi.spyOn(performance, 'now');
    route.refused(new WebhookVerificationError('body_too_large', 'too big'), undefined);
    expect(clock).not.toHaveBeenCalled();
  });
});

describe("the Web platform's channels", () => {
  type Runtime = { getBuiltinModule?: ((id: string) => unknown) | undefined };
  const runtime = process as unknown as Runtime;
  const original = runtime.getBuiltinModule;

  /** web.ts loaded afresh with `getBuiltinModule` as given, then put back. */
  async function webPlatformWith(getBuiltinModule: Runtime['getBuiltinModule']) {
    vi.resetModules();
    runtime.getBuiltinModule = getBuiltinModule;
    try {
      return (await import('../../src/platform/web.js')).platform;
    } finally {
      runtime.getBuiltinModule = original;
    }
  }

  it('are node:diagnostics_channel where the runtime hands it out (Bun, Deno, Node)', async () => {
    const platform = await webPlatformWith(original);
    const channel = platform.channel?.('hookguard:test:web') as DiagnosticsChannel;
    expect(channel.hasSubscribers).toBe(false);
    const listener = vi.fn();
    subscribe('hookguard:test:web', listener);
    channel.publish({ n: 1 });
    unsubscribe('hookguard:test:web', listener);
    expect(listener).toHaveBeenCalledWith({ n: 1 }, 'hookguard:test:web');
  });

  it('are absent where the runtime has no getBuiltinModule, or refuses the module', async () => {
    expect((await webPlatformWith(undefined)).channel).toBeUndefined();
    const refusing = () => {
      throw new Error('No such module');
    };
    expect((await webPlatformWith(refusing)).channel).toBeUndefined();
    expect((await webPlatformWith(() => undefined)).channel).toBeUndefined();
  });

  it("read hasSubscribers as a method where the runtime has one (workerd's older nodejs_compat)", async () => {
    let subscribers = 0;
    const published: unknown[] = [];
    const platform = await webPlatformWith(() => ({
      channel: () => ({
        hasSubscribers: () => subscribers > 0,
        publish: (message: unknown) => published.push(message),
      }),
    }));
    const channel = platform.channel?.('x') as DiagnosticsChannel;
    expect(channel.hasSubscribers).toBe(false);
    subscribers = 1;
    expect(channel.hasSubscribers).toBe(true);
    channel.publish('m');
    expect(published).toEqual(['m']);
  });
});
