import { sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import {
  allCases,
  loadVectorFiles,
  schemeFor,
  signatureIn,
  webhookSchemeFor,
} from '../../../../test/support/vectors.js';

describe('known-answer vectors through verify', () => {
  for (const { file, testCase, title } of allCases())
    it(title, async () => {
      const scheme = webhookSchemeFor(file, testCase);
      const result = verify(scheme, testCase.request, { now: () => testCase.now ?? 0 });
      if ('accepted' in testCase.expect) {
        const verified = await result;
        expect(verified.provider).toBe(file.scheme);
        expect(verified.matchedKey).toBe(testCase.expect.matchedKey);
        if (testCase.expect.payload !== undefined)
          expect({ ...(verified.payload as object) }).toEqual(testCase.expect.payload);
      } else {
        await expect(result).rejects.toMatchObject({
          name: 'WebhookVerificationError',
          code: testCase.expect.code,
        });
      }
    });
});

/** The path and query a signer says it signed (Twilio returns the URL, with bodySHA256 for JSON). */
function signedUrl(signed: unknown): string | undefined {
  const url = (signed as { url?: unknown }).url;
  if (typeof url !== 'string') return undefined;
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

const signCases = allCases().filter(({ testCase }) => testCase.sign !== undefined);

describe('known-answer vectors through sign', () => {
  for (const { file, testCase, title } of signCases)
    it(`${title}: sign reproduces the signature and round-trips`, async () => {
      const vector = testCase.sign as NonNullable<typeof testCase.sign>;
      const scheme = webhookSchemeFor(file, testCase);
      const now = () => testCase.now ?? 0;
      const signed = sign(scheme, vector.input, { now });
      expect(signatureIn(file.scheme, signed)).toBe(vector.signature);

      const request: WebhookRequest =
        file.scheme === 'smile-id'
          ? { ...testCase.request, body: JSON.stringify({ ...(signed as object), job_id: 'x' }) }
          : {
              method: String(vector.input.method ?? testCase.request.method),
              url:
                signedUrl(signed) ??
                (testCase.request.url.startsWith('/')
                  ? String(vector.input.url ?? testCase.request.url)
                  : testCase.request.url),
              headers: (signed as { headers: Record<string, string> }).headers,
              body: (signed as { body: string }).body,
            };
      await expect(verify(scheme, request, { now })).resolves.toMatchObject({
        provider: file.scheme,
      });
    });

  const signOnly = loadVectorFiles().flatMap((file) =>
    (file.sign ?? []).map((vector) => ({ file, vector, title: `${file.scheme}: ${vector.name}` })),
  );
  for (const { file, vector, title } of signOnly)
    it(title, () => {
      const signature = signatureIn(file.scheme, sign(schemeFor(file), vector.input));
      expect(signature).toBe(vector.signature);
      if (vector.notSignature !== undefined) expect(signature).not.toBe(vector.notSignature);
    });
});
