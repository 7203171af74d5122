import { explain, formatExplanation, postmark, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post } from '../support/replay.js';

describeCatalogPreset('postmark');

const BODY = '{"RecordType":"Bounce","ServerID":100,"Email":"john@example.com"}';
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('Postmark', () => {
  it('sends Authorization: Basic and the base64 of username:password, and accepts it', async () => {
    const scheme = postmark({ username: 'hooks', password: ['new-pass', 'old-pass'] });
    const signed = sign(scheme, { body: BODY });
    expect(signed.headers.authorization).toBe(basic('hooks:new-pass'));
    await expect(
      verify(
        scheme,
        post({ ...signed, headers: { ...signed.headers, authorization: basic('hooks:old-pass') } }),
      ),
    ).resolves.toMatchObject({ provider: 'postmark', matchedKey: 1 });
  });

  it('refuses at configuration a user name with a colon or none, and an empty password', () => {
    for (const username of ['', 'a:b', 'tab\there', undefined])
      expect(() => postmark({ username: username as string, password: 'p' })).toThrow(
        '[hookguard] postmark: username is required, without ":" or control characters (RFC 7617).',
      );
    expect(() => postmark({ username: 'u', password: [] })).toThrow(
      '[hookguard] postmark: password is required (a string, or a non-empty list while rotating).',
    );
    expect(() => postmark({ username: 'u', password: ['p', ''] })).toThrow(
      '[hookguard] postmark: password[1] must be a non-empty string without control characters.',
    );
  });

  it('never shows the user name or password, in any form', () => {
    const scheme = postmark({ username: 'hooks', password: 'p4ssword' });
    const wrong = post({
      headers: { 'content-type': 'application/json', authorization: basic('hooks:guess') },
      body: BODY,
    });
    const explanation = explain(scheme, wrong, { revealExpected: true });
    const text = JSON.stringify(explanation) + formatExplanation(explanation);
    for (const secret of ['p4ssword', Buffer.from('hooks:p4ssword').toString('base64')])
      expect(text).not.toContain(secret);
  });
});
