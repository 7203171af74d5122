import * as core from '@hookguard/core';
import { describe, it } from 'vitest';
import { vectorChecks } from '../../../../test/support/vector-checks.mjs';
import { loadVectorFiles } from '../../../../test/support/vectors.js';

// Every known-answer vector through verify, sign and signAsync (sign only on node:crypto).
// This file runs in two projects: `unit` (node:crypto) and `web-crypto` (the Web Crypto
// build); test/runtimes runs the same checks in Bun, Deno, workerd and the Edge VM.
describe(`known-answer vectors on ${core.cryptoBackend}`, () => {
  for (const { title, run } of vectorChecks(core, loadVectorFiles())) it(title, run);
});
