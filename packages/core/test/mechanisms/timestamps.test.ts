import { cashfree, sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import {
  epochMillis,
  epochSeconds,
  isoUtcSeconds,
  isoWithZone,
  parseIsoInstant,
} from '../../src/time/timestamps.js';

// The timestamp readers (epoch ms, epoch s, ISO-8601 with a zone, Ethoca's UTC seconds) and
// the signed timestamp verify reports. Each provider's tolerance is tested in its file.

const NOW = 1_700_000_000_000;
const cf = cashfree.webhook({ secret: 'secret' });
const cfRequest = (body: string | Uint8Array = '{"a":1}'): WebhookRequest => ({
  method: 'POST',
  url: '/',
  ...sign(cf, { body, timestamp: NOW }),
});

describe('timestamps', () => {
  it('reads epoch milliseconds and seconds strictly', () => {
    expect(epochMillis('1617695238078').ms).toBe(1617695238078);
    expect(epochSeconds('1700000000').ms).toBe(1_700_000_000_000);
    for (const bad of ['-1', '1e12', '0x10', ' 1', '1.5', '', '99999999999999999', 'abc']) {
      expect(epochMillis(bad).ms).toBeUndefined();
    }
    expect(epochSeconds('9999999999999999').ms).toBeUndefined();
  });

  it('reads ISO-8601 instants and refuses impossible ones', () => {
    expect(parseIsoInstant('2022-04-03T21:31:47.296Z')).toBe(1649021507296);
    expect(parseIsoInstant('2022-04-03T21:31:47.296123Z')).toBe(1649021507296);
    expect(parseIsoInstant('2022-04-04T03:01:47+05:30')).toBe(1649021507000);
    expect(parseIsoInstant('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of [
      '2022-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2022-04-03T24:00:00Z',
      '2022-13-01T00:00:00Z',
      '2022-04-03T21:31:60Z',
      '2022-04-03 21:31:47Z',
      '2022-04-03T21:31:47',
      '2022-04-03T21:31:47+24:00',
    ]) {
      expect(parseIsoInstant(bad), bad).toBeUndefined();
    }
    expect(isoWithZone('2022-04-03T21:31:47.296').ms).toBeUndefined();
  });

  it("reads Ethoca's X-Eth-Date only as UTC whole seconds", () => {
    expect(isoUtcSeconds('2017-06-19T13:18:18Z').ms).toBe(1497878298000);
    expect(isoUtcSeconds('2017-06-19T13:18:18.000Z').ms).toBeUndefined();
    expect(isoUtcSeconds('2017-06-19T15:18:18+02:00').ms).toBeUndefined();
  });

  it('reads only whole, exact ISO instants and epoch values', () => {
    for (const bad of [
      'x2022-04-03T21:31:47Z',
      '2022-04-03T21:31:47Zx',
      '2022-00-10T00:00:00Z',
      '2022-01-00T00:00:00Z',
      '2022-01-32T00:00:00Z',
      '2022-01-01T00:60:00Z',
      '2022-01-01T00:00:00+05:60',
    ]) {
      expect(parseIsoInstant(bad), bad).toBeUndefined();
    }
    expect(parseIsoInstant('2022-01-01T00:00:00+23:59')).toBe(Date.UTC(2021, 11, 31, 0, 1));
    expect(parseIsoInstant('2022-12-31T23:59:59Z')).toBe(Date.UTC(2022, 11, 31, 23, 59, 59));
    expect(epochMillis('9999999999999999').ms).toBeUndefined();
    expect(epochMillis('9007199254740991').ms).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads epoch seconds, and ISO offsets west of UTC', () => {
    expect(epochSeconds('1700000000').ms).toBe(1_700_000_000_000);
    expect(epochSeconds('x').ms).toBeUndefined();
    expect(parseIsoInstant('2022-04-03T16:31:47-05:00')).toBe(Date.UTC(2022, 3, 3, 21, 31, 47));
  });
});

describe('results', () => {
  it('report the signed timestamp in epoch ms, and none where nothing is timestamped', async () => {
    await expect(verify(cf, cfRequest(), { now: () => NOW })).resolves.toMatchObject({
      timestamp: NOW,
    });
    const sub = cashfree.subscription({ secret: 's' });
    const verified = await verify(sub, {
      method: 'POST',
      url: '/',
      ...sign(sub, { fields: { cf_a: '1' } }),
    });
    expect('timestamp' in verified).toBe(false);
  });
});
