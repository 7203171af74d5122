import { createHash, createHmac } from 'node:crypto';
import {
  type AdyenNotification,
  type AdyenNotificationRequestItem,
  adyen,
  explain,
  formatExplanation,
  MemoryReplayStore,
  PROVIDERS,
  type ProviderEntry,
  type ReplayStore,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { recordingStore } from '../fixtures.js';

// Adyen beyond the vectors: batches (every item checked, each item a delivery of its own to
// the replay store), the hex key, signing, and how explain walks a batch item by item.

const KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
const OTHER_KEY = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';
const NOW = 1_700_000_000_000;
const now = () => NOW;
const scheme = adyen({ hmacKey: KEY });

/** A NotificationRequestItem to sign; `n` makes its pspReference (and so the item) its own. */
const item = (n: number, changes: Partial<AdyenNotificationRequestItem> = {}) => ({
  amount: { currency: 'EUR', value: 1130 },
  pspReference: `79140733813422${String(n).padStart(2, '0')}`,
  eventCode: 'AUTHORISATION',
  success: 'true',
  merchantAccountCode: 'TestMerchant',
  merchantReference: `order-${n}`,
  reason: 'unsigned',
  ...changes,
});

const notification = (...items: object[]) => ({
  live: 'false',
  notificationItems: items.map((fields) => ({ NotificationRequestItem: fields })),
});

/** Items signed one by one (each its own delivery), as a request. */
function signed(items: object[], hmacKey: string | string[] = KEY): WebhookRequest {
  const output = sign(adyen({ hmacKey }), { body: notification(...items) });
  return { method: 'POST', url: '/webhooks/adyen', headers: output.headers, body: output.body };
}

/** The signed items of a request, to send in another batch. */
function itemsOf(request: WebhookRequest): object[] {
  return (JSON.parse(String(request.body)) as AdyenNotification).notificationItems.map(
    (entry) => entry.NotificationRequestItem,
  );
}

const batch = (...items: object[]): WebhookRequest => ({
  method: 'POST',
  url: '/webhooks/adyen',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(notification(...items)),
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const dataOf = (fields: ReturnType<typeof item>) =>
  [
    fields.pspReference,
    '',
    fields.merchantAccountCode,
    fields.merchantReference,
    fields.amount.value,
    fields.amount.currency,
    fields.eventCode,
    fields.success,
  ].join(':');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: { code?: string }) => String(error.code),
  );
}

describe('adyen and adyen.platform describe themselves', () => {
  it('are untimed JSON schemes of the vendor adyen, kept a day unless replayTtl says otherwise', () => {
    expect(scheme).toMatchObject({
      name: 'adyen',
      provider: 'adyen',
      mediaType: 'json',
      tolerance: false,
      replayTtlSeconds: 86_400,
    });
    expect(adyen.platform({ hmacKey: KEY })).toMatchObject({
      name: 'adyen.platform',
      provider: 'adyen',
      mediaType: 'json',
      tolerance: false,
      replayTtlSeconds: 86_400,
    });
    expect(adyen({ hmacKey: KEY, replayTtl: 31 * 86_400 }).replayTtlSeconds).toBe(2_678_400);
    expect(adyen.platform({ hmacKey: KEY, replayTtl: 7_200 }).replayTtlSeconds).toBe(7_200);
  });
});

describe('the HMAC key', () => {
  it.each([
    ['a character that is not hex', `${KEY.slice(0, 10)}G${KEY.slice(11)}`, /position 11/],
    ['an odd number of digits', KEY.slice(1), /odd number of hex digits \(63\)/],
    ['surrounding whitespace', ` ${KEY}`, /leading or trailing whitespace/],
    ['quotes pasted with it', `"${KEY}"`, /position 1\b/],
  ])('refuses a key with %s at configuration, never quoting it', (_, hmacKey, problem) => {
    for (const create of [() => adyen({ hmacKey }), () => adyen.platform({ hmacKey })]) {
      let error: unknown;
      try {
        create();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(problem);
      expect((error as Error).message).toMatch(/hmacKey\[0\].*in hexadecimal/);
      expect((error as Error).message).not.toContain(KEY.slice(12, 40));
    }
  });

  it('names the key of a rotation list that is wrong', () => {
    expect(() => adyen({ hmacKey: [KEY, 'abcxef'] })).toThrow(
      /adyen: hmacKey\[1\] has a character that is not a hex digit at position 4/,
    );
  });

  it('refuses a missing, empty or non-string key with the usual messages', () => {
    expect(() => adyen({} as never)).toThrow(/adyen: hmacKey is required/);
    expect(() => adyen(undefined as never)).toThrow(/adyen: hmacKey is required/);
    expect(() => adyen({ hmacKey: '' })).toThrow(/hmacKey\[0\] must be a non-empty string/);
    expect(() => adyen.platform({ hmacKey: [42 as never] })).toThrow(
      /adyen\.platform: hmacKey\[0\] must be a non-empty string/,
    );
  });

  it('takes the key in either case, and tries each key of a rotation list', async () => {
    const request = signed([item(1)]);
    await expect(verify(adyen({ hmacKey: KEY.toLowerCase() }), request)).resolves.toMatchObject({
      matchedKey: 0,
    });
    await expect(verify(adyen({ hmacKey: [OTHER_KEY, KEY] }), request)).resolves.toMatchObject({
      matchedKey: 1,
    });
  });
});

describe('a batch', () => {
  it('is accepted when every item verifies, and its payload is the whole notification', async () => {
    const request = signed([item(1), item(2), item(3)]);
    const verified = await verify(scheme, request, { now });
    expect(verified.payload).toEqual(JSON.parse(String(request.body)));
    expect(verified.payload.notificationItems).toHaveLength(3);
  });

  it('is refused whole when one item does not verify, naming the item, and claims nothing', async () => {
    const [first, second, third] = itemsOf(signed([item(1), item(2), item(3)]));
    const store = recordingStore();
    const tampered = batch(first as object, second as object, {
      ...(third as object),
      amount: { currency: 'EUR', value: 1 },
    });
    const error = (await verify(scheme, tampered, { now, replayStore: store }).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(error).toMatchObject({ code: 'invalid_signature' });
    expect(error.message).toContain('additionalData.hmacSignature in notificationItems[2]');
    expect(error.message).toContain('the whole batch is refused');
    expect(store.claims).toEqual([]);
  });

  it('is refused when a further item carries no signature', async () => {
    const [first] = itemsOf(signed([item(1)]));
    await expect(verify(scheme, batch(first as object, item(2)), { now })).rejects.toMatchObject({
      code: 'missing_signature',
      message: expect.stringContaining('notificationItems[1] is missing'),
    });
  });

  it('must be signed with one key: a further item under another configured key is refused', async () => {
    const rotating = adyen({ hmacKey: [KEY, OTHER_KEY] });
    const [first] = itemsOf(signed([item(1)], KEY));
    const [second] = itemsOf(signed([item(2)], OTHER_KEY));
    await expect(verify(rotating, batch(first as object), { now })).resolves.toBeDefined();
    await expect(verify(rotating, batch(second as object), { now })).resolves.toMatchObject({
      matchedKey: 1,
    });
    await expect(
      verify(rotating, batch(first as object, second as object), { now }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('of more than 100 items is malformed', async () => {
    const many = Array.from({ length: 101 }, (_, n) => item(n));
    await expect(verify(scheme, batch(...many), { now })).rejects.toMatchObject({
      code: 'malformed_request',
      message: expect.stringContaining('at most 100'),
    });
  });
});

describe('replays: each item is a delivery of its own', () => {
  it('claims one key per distinct item, the SHA-256 of what it signs, in sorted order', async () => {
    const items = [item(3), item(1), item(2)];
    const request = signed(items);
    const store = recordingStore();
    const verified = await verify(scheme, request, { now, replayStore: store });
    const keys = items.map((fields) => `adyen:msg:${sha256(dataOf(fields))}`).sort();
    expect(store.claims.map(([key]) => key)).toEqual(keys);
    expect(verified.replayClaim?.key).toBe(keys.join(' '));
    await verified.replayClaim?.commit();
    expect(store.commits).toEqual(keys.map((key) => [key, 86_400_000]));
  });

  it('keys a one-item notification on that item alone', async () => {
    const store = recordingStore();
    const verified = await verify(scheme, signed([item(1)]), { now, replayStore: store });
    expect(verified.replayClaim?.key).toBe(`adyen:msg:${sha256(dataOf(item(1)))}`);
    expect(store.claims).toHaveLength(1);
  });

  it('claims an item repeated in one batch once', async () => {
    const [only] = itemsOf(signed([item(1)]));
    const store = recordingStore();
    await verify(scheme, batch(only as object, only as object), { now, replayStore: store });
    expect(store.claims).toHaveLength(1);
  });

  it('refuses captured items sent again in a new batch, and releases what it claimed on the way', async () => {
    const replayStore = new MemoryReplayStore();
    const [a] = itemsOf(signed([item(1)]));
    const [b] = itemsOf(signed([item(2)]));
    const [c] = itemsOf(signed([item(3)]));
    for (const single of [a, b]) {
      const verified = await verify(scheme, batch(single as object), { now, replayStore });
      await verified.replayClaim?.commit();
    }
    // Two captures recombined, in either order, are not a new delivery.
    for (const recombined of [batch(a as object, b as object), batch(b as object, a as object)])
      await expect(verify(scheme, recombined, { now, replayStore })).rejects.toMatchObject({
        code: 'replayed',
      });
    // A fresh item sent with a captured one: refused, and the fresh item's claim is given back.
    await expect(
      verify(scheme, batch(c as object, a as object), { now, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
    await expect(verify(scheme, batch(c as object), { now, replayStore })).resolves.toBeDefined();
  });

  it('answers delivery_in_progress to a copy of a batch in another order while the first is handled', async () => {
    const replayStore = new MemoryReplayStore();
    const request = signed([item(1), item(2)]);
    const [a, b] = itemsOf(request);
    const first = await verify(scheme, request, { now, replayStore });
    await expect(
      verify(scheme, batch(b as object, a as object), { now, replayStore }),
    ).rejects.toMatchObject({ code: 'delivery_in_progress' });
    await first.replayClaim?.release();
    const retried = await verify(scheme, batch(b as object, a as object), { now, replayStore });
    await retried.replayClaim?.settle(200);
    await expect(verify(scheme, request, { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('takes a colon moved between two fields for the same item (its signed string is the same)', async () => {
    // Adyen joins the fields with ':' and escapes nothing, so whoever saw this item can move
    // the colon; the variant signs the same string, so once the original was accepted it is a replay.
    const replayStore = new MemoryReplayStore();
    const original = signed([item(1, { merchantAccountCode: 'Shop', merchantReference: 'a:b' })]);
    const [fields] = itemsOf(original);
    const shifted = batch({
      ...(fields as object),
      merchantAccountCode: 'Shop:a',
      merchantReference: 'b',
    });
    await expect(verify(scheme, shifted, { now })).resolves.toBeDefined();
    const accepted = await verify(scheme, original, { now, replayStore });
    await accepted.replayClaim?.commit();
    await expect(verify(scheme, shifted, { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('keeps the claims it took when the store fails open part-way, and settles them together', async () => {
    const inner = new MemoryReplayStore();
    let calls = 0;
    const flaky: ReplayStore = {
      claim: (key, token, leaseMs) => {
        calls++;
        if (calls === 2) throw new Error('down');
        return inner.claim(key, token, leaseMs);
      },
      commit: (key, token, ttlMs) => inner.commit(key, token, ttlMs),
      release: (key, token) => inner.release(key, token),
    };
    const warnings: string[] = [];
    const request = signed([item(1), item(2)]);
    const verified = await verify(scheme, request, {
      now,
      replayStore: flaky,
      failOpen: true,
      warn: (message) => warnings.push(message),
    });
    expect(warnings).toHaveLength(1);
    expect(verified.replayClaim?.key.split(' ')).toHaveLength(1);
    await verified.replayClaim?.settle(500);
    expect(inner.size).toBe(0);
  });

  it('fails open with no claim at all when every claim failed', async () => {
    const down: ReplayStore = {
      claim: () => {
        throw new Error('down');
      },
      commit: () => true,
      release: () => true,
    };
    const verified = await verify(scheme, signed([item(1), item(2)]), {
      now,
      replayStore: down,
      failOpen: true,
      warn: () => {},
    });
    expect(verified.replayClaim).toBeUndefined();
  });

  it('answers 503 when the store fails part-way, releasing the claims already taken', async () => {
    const inner = new MemoryReplayStore();
    let calls = 0;
    const flaky: ReplayStore = {
      claim: async (key, token, leaseMs) => {
        calls++;
        if (calls === 2) throw new Error('down');
        return inner.claim(key, token, leaseMs);
      },
      commit: (key, token, ttlMs) => inner.commit(key, token, ttlMs),
      release: async (key, token) => inner.release(key, token),
    };
    await expect(
      verify(scheme, signed([item(1), item(2)]), { now, replayStore: flaky, warn: () => {} }),
    ).rejects.toMatchObject({ code: 'replay_store_unavailable' });
    expect(inner.size).toBe(0);
  });
});

describe('what is signed', () => {
  it('is eight fields joined by an unescaped colon, absent ones empty, as Adyen signs them', async () => {
    const fields = {
      pspReference: 'P\\1',
      merchantReference: 'a:b',
      eventCode: 'REPORT_AVAILABLE',
    };
    const request = signed([fields]);
    const signature = createHmac('sha256', Buffer.from(KEY, 'hex'))
      .update('P\\1:::a:b:::REPORT_AVAILABLE:')
      .digest('base64');
    expect(itemsOf(request)[0]).toMatchObject({ additionalData: { hmacSignature: signature } });
    await expect(verify(scheme, request, { now })).resolves.toBeDefined();
  });

  it('leaves out every other field: a changed reason, eventDate or live still verifies', async () => {
    const [fields] = itemsOf(signed([item(1)]));
    const changed = {
      live: 'true',
      notificationItems: [
        { NotificationRequestItem: { ...(fields as object), reason: 'x', eventDate: 'y' } },
      ],
    };
    await expect(
      verify(scheme, { ...batch(), body: JSON.stringify(changed) }, { now }),
    ).resolves.toBeDefined();
  });

  it.each([
    ['pspReference', { pspReference: 1 }, 'pspReference must be a string, not a number'],
    ['amount', { amount: 'EUR 11.30' }, 'amount must be an object, not a string'],
    ['amount.value', { amount: { value: 2 ** 53 } }, 'not an integer beyond 2^53'],
    ['amount.value', { amount: { value: [1] } }, 'not an array'],
    ['amount.currency', { amount: { currency: {} } }, 'must be a string, not an object'],
    ['additionalData', { additionalData: 'x' }, 'additionalData must be an object'],
  ])('refuses %s of the wrong type as malformed_request', async (_, changes, message) => {
    const request = batch({ ...item(1), additionalData: {}, ...changes });
    await expect(verify(scheme, request, { now })).rejects.toMatchObject({
      code: 'malformed_request',
      message: expect.stringContaining(message),
    });
  });

  it.each([
    ['a JSON array', '[]'],
    ['an item that is not an object', '{"notificationItems":[1]}'],
    ['notificationItems that is not a list', '{"notificationItems":{}}'],
  ])('refuses %s as malformed_request, never a 500', async (_, body) => {
    await expect(verify(scheme, { ...batch(), body }, { now })).rejects.toMatchObject({
      code: 'malformed_request',
    });
  });
});

describe('sign', () => {
  it('takes the notification as an object (left as it was), as JSON text or as bytes', () => {
    const input = notification(item(1));
    const frozen = JSON.stringify(input);
    const fromObject = sign(scheme, { body: input });
    expect(JSON.stringify(input)).toBe(frozen);
    expect(sign(scheme, { body: frozen }).body).toBe(fromObject.body);
    expect(sign(scheme, { body: Buffer.from(frozen) }).body).toBe(fromObject.body);
    expect(fromObject.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('replaces a signature already there and keeps the other additionalData', () => {
    const body = notification(item(1, { additionalData: { hmacSignature: 'old', authCode: '1' } }));
    const [fields] = itemsOf({ ...batch(), body: sign(scheme, { body }).body });
    expect(fields).toMatchObject({ additionalData: { authCode: '1' } });
    expect(
      (fields as { additionalData: { hmacSignature: string } }).additionalData.hmacSignature,
    ).not.toBe('old');
  });

  it('signs with the first key of a rotation list', async () => {
    const request = signed([item(1)], [OTHER_KEY, KEY]);
    await expect(verify(adyen({ hmacKey: OTHER_KEY }), request)).resolves.toBeDefined();
  });

  it('refuses input that is not a notification with a TypeError', () => {
    expect(() => sign(scheme, { body: 'not json' })).toThrow(
      new TypeError(
        '[hookguard] adyen: sign expects { body } with a notification object or its JSON text.',
      ),
    );
    expect(() => sign(scheme, {} as never)).toThrow(/sign expects \{ body \}/);
    expect(() => sign(scheme, { body: {} })).toThrow(
      /^\[hookguard\] adyen: sign: the body has no notificationItems list/,
    );
    expect(() => sign(scheme, { body: notification({ success: true }) })).toThrow(TypeError);
    expect(() => sign(scheme, { body: '[]' })).toThrow(/sign: the body has no notificationItems/);
  });
});

describe('explain', () => {
  it('walks a batch item by item, and never shows the key', () => {
    const request = signed([item(1), item(2), item(3)]);
    const explanation = explain(scheme, request, { now });
    expect(explanation.verdict).toEqual({ ok: true, matchedKey: 0 });
    expect(explanation.checks.map(({ check, item: n, outcome }) => [check, n, outcome])).toEqual([
      ['media type', undefined, 'passed'],
      ['signature inputs', undefined, 'passed'],
      ['key id', undefined, 'passed'],
      ['signature', undefined, 'passed'],
      ['item signature', 1, 'passed'],
      ['item signature', 2, 'passed'],
      ['timestamp', undefined, 'passed'],
      ['payload', undefined, 'passed'],
    ]);
    expect(explanation.stringToSign?.text).toBe(dataOf(item(1)));
    expect(explanation.items?.map((entry) => [entry.item, entry.stringToSign.text])).toEqual([
      [1, dataOf(item(2))],
      [2, dataOf(item(3))],
    ]);
    expect(explanation.items?.[1]?.key).toMatchObject({ key: 0, matches: true, revealed: true });
    const text = formatExplanation(explanation);
    expect(text).toContain('✓ item signature 2');
    expect(text).toContain('item 2: additionalData.hmacSignature in notificationItems[2]');
    for (const shown of [text, JSON.stringify(explanation)]) {
      expect(shown).not.toContain(KEY);
      expect(shown).not.toContain(KEY.toLowerCase());
    }
  });

  it('stops at the item that fails, masking what it expected there', () => {
    const [a, b, c] = itemsOf(signed([item(1), item(2), item(3)]));
    const forged = batch(a as object, { ...(b as object), success: 'false' }, c as object);
    const explanation = explain(scheme, forged, { now });
    expect(explanation.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
    expect(
      explanation.checks.slice(3).map(({ check, item: n, outcome }) => [check, n, outcome]),
    ).toEqual([
      ['signature', undefined, 'passed'],
      ['item signature', 1, 'failed'],
      ['item signature', 2, 'not reached'],
      ['timestamp', undefined, 'not reached'],
      ['payload', undefined, 'not reached'],
    ]);
    expect(explanation.items?.[0]?.key).toMatchObject({ matches: false, revealed: false });
    expect(explanation.items?.[1]?.key).toMatchObject({ matches: false, revealed: false });
    expect(formatExplanation(explanation)).toContain('expected values masked');
  });

  it('lists every further item as not reached when the first does not verify', () => {
    const [a, b] = itemsOf(signed([item(1), item(2)]));
    const forged = batch({ ...(a as object), merchantReference: 'x' }, b as object);
    const explanation = explain(scheme, forged, { now });
    expect(explanation.checks.slice(3).map(({ check, outcome }) => [check, outcome])).toEqual([
      ['signature', 'failed'],
      ['item signature', 'not reached'],
      ['timestamp', 'not reached'],
      ['payload', 'not reached'],
    ]);
    expect(explanation.items?.[0]).not.toHaveProperty('key');
  });

  // The describe and test titles are the snapshot's keys.
  it('says the same thing, word for word, about an accepted, a forged and an unsigned batch', async () => {
    const request = signed([item(1), item(2)]);
    const [a, b] = itemsOf(request);
    const forged = batch(a as object, { ...(b as object), amount: { currency: 'EUR', value: 1 } });
    const unsigned = batch(item(1));
    const platform = adyen.platform({ hmacKey: KEY });
    const platformSigned = sign(platform, { body: { type: 'balancePlatform.transfer.updated' } });
    const platformRequest = { method: 'POST', url: '/', ...platformSigned };
    expect({
      accepted: formatExplanation(explain(scheme, request, { now })),
      forged: formatExplanation(explain(scheme, forged, { now })),
      platform: formatExplanation(explain(platform, platformRequest, { now })),
      errors: {
        forged: await codeOf(verify(scheme, forged, { now })),
        unsigned: await codeOf(verify(scheme, unsigned, { now })),
      },
    }).toMatchSnapshot();
  });
});

describe('adyen.platform', () => {
  const platform = adyen.platform({ hmacKey: KEY });

  it('signs the raw body into the HmacSignature header, as Adyen does', async () => {
    const body = '{"type":"balancePlatform.accountHolder.created","data":{}}';
    const output = sign(platform, { body });
    expect(output.headers.hmacsignature).toBe(
      createHmac('sha256', Buffer.from(KEY, 'hex')).update(body).digest('base64'),
    );
    const request = { method: 'POST', url: '/', ...output };
    await expect(verify(platform, request, { now })).resolves.toMatchObject({
      provider: 'adyen.platform',
      payload: JSON.parse(body),
    });
    const replayStore = recordingStore();
    await verify(platform, request, { now, replayStore });
    expect(replayStore.claims[0]?.[0]).toMatch(/^adyen\.platform:sig:[A-Za-z0-9_-]{43}$/);
  });

  it('is not the standard scheme: a standard webhook has no header, a platform one no items', async () => {
    const standardRequest = signed([item(1)]);
    await expect(verify(platform, standardRequest, { now })).rejects.toMatchObject({
      code: 'missing_signature',
    });
    const platformRequest = { method: 'POST', url: '/', ...sign(platform, { body: '{}' }) };
    await expect(verify(scheme, platformRequest, { now })).rejects.toMatchObject({
      code: 'malformed_request',
      message: expect.stringContaining('adyen.platform()'),
    });
  });
});

describe('in the list of providers', () => {
  const entry = (id: string) =>
    (PROVIDERS as readonly ProviderEntry[]).find((provider) => provider.id === id) as ProviderEntry;

  it("signs the CLI's input: a captured notification again, or a sample when there is no body", async () => {
    const captured = signed([item(1)], OTHER_KEY);
    const input = entry('adyen').signInput(Buffer.from(String(captured.body)), '/', {});
    const resigned = sign(scheme, input as never);
    await expect(
      verify(scheme, { method: 'POST', url: '/', ...resigned }, { now }),
    ).resolves.toMatchObject({ payload: { notificationItems: [{}] } });
    const sample = entry('adyen').signInput(Buffer.alloc(0), '/', {}) as { body: unknown };
    expect(sample.body).toMatchObject({ notificationItems: [{ NotificationRequestItem: {} }] });
  });
});
