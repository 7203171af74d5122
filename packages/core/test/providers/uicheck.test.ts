import { sign, uicheck, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';

// UiCheck only signs (hex HMAC-SHA256 of id + customer); its signing property is in
// mechanisms/properties.test.ts with the other schemes'.

describe('uicheck', () => {
  it('describes itself publicly by name and provider only', () => {
    expect(uicheck({ id: 'i', secret: 's' })).toEqual({ name: 'uicheck', provider: 'uicheck' });
  });

  it('refuses an empty id, and sign without an input', () => {
    expect(() => uicheck({ id: '', secret: 's' })).toThrow(/id must be a non-empty string/);
    expect(() => sign(uicheck({ id: 'i', secret: 's' }), null as never)).toThrow(
      /sign needs \{ customer/,
    );
  });

  it('refuses to verify with a signing-only scheme', async () => {
    await expect(
      verify(uicheck({ id: 'i', secret: 's' }) as never, {
        method: 'POST',
        url: '/',
        headers: {},
        body: '',
      }),
    ).rejects.toThrow(/only signs/);
  });
});
