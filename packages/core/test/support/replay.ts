import { createHash } from 'node:crypto';
import {
  MemoryReplayStore,
  type VerifiedWebhook,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { expect, it } from 'vitest';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
export const post = (signed: { headers: Record<string, string>; body: string | Uint8Array }) =>
  ({ method: 'POST', url: '/', ...signed }) satisfies WebhookRequest;

/** Verifies and commits, as an adapter does once the handler answered 2xx. */
export async function accept(
  scheme: WebhookScheme,
  request: WebhookRequest,
  options: Parameters<typeof verify>[2],
): Promise<VerifiedWebhook> {
  const verified = await verify(scheme, request, options);
  await verified.replayClaim?.commit();
  return verified;
}

/** Changes every header the signature does not cover, as an attacker re-sending a capture would. */
function withFreshUnsignedHeaders(request: WebhookRequest, unsigned: string[]): WebhookRequest {
  const headers = { ...(request.headers as Record<string, string>) };
  for (const name of unsigned) headers[name] = `forged-${Math.random()}`;
  headers['x-request-id'] = 'another';
  return { ...request, headers };
}

/**
 * One test per case: a provider whose delivery id travels in an unsigned header keys
 * replays on what the signature covers, so a captured delivery re-sent with fresh unsigned
 * headers is refused, and re-sends fill nothing. Each case is `[title, scheme, a signed
 * request, the unsigned headers]`.
 */
export function itIgnoresUnsignedHeadersForReplay(
  cases: [string, WebhookScheme, WebhookRequest, string[]][],
): void {
  it.each(cases)(
    '%s: a captured delivery re-sent with fresh unsigned headers is replayed',
    async (_, scheme, request, unsigned) => {
      const replayStore = new MemoryReplayStore();
      const first = await accept(scheme, request, { replayStore });
      expect(first.replayClaim?.key).toMatch(new RegExp(`^${scheme.name}:sig:`));
      for (const names of [unsigned, []]) {
        await expect(
          verify(scheme, withFreshUnsignedHeaders(request, names), { replayStore }),
        ).rejects.toMatchObject({ code: 'replayed' });
      }
      // 1,500 such re-sends remember nothing more.
      for (let i = 0; i < 1_500; i++) {
        await verify(scheme, withFreshUnsignedHeaders(request, unsigned), { replayStore }).catch(
          () => {},
        );
      }
      expect(replayStore.size).toBe(1);
    },
  );
}
