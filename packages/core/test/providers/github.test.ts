import { github, sign } from '@hookguard/core';
import { describe } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('github');

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'github (X-GitHub-Delivery unsigned)',
      github({ secret: 's' }),
      post(
        sign(github({ secret: 's' }), { body: '{"a":1}', headers: { 'x-github-delivery': 'd-1' } }),
      ),
      ['x-github-delivery', 'x-github-event', 'x-github-hook-id'],
    ],
  ]);
});
