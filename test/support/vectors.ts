import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  SigningScheme,
  WebhookErrorCode,
  WebhookRequest,
  WebhookScheme,
} from '@hookguard/core';
import * as core from '@hookguard/core';
import { schemeFor as schemeFromCore } from './vector-checks.mjs';

export { signatureIn } from './vector-checks.mjs';

/** A vector file under test/vectors, as written by generate.py. */
export interface VectorFile {
  readonly file: string;
  readonly scheme: string;
  readonly options: Record<string, unknown>;
  /** For a preset whose keys are fetched: what the vendor's key server answers, by URL. */
  readonly keyDocuments?: readonly core.DemoKeyDocument[];
  readonly cases?: readonly VectorCase[];
  readonly sign?: readonly SignVector[];
}

export interface VectorCase {
  readonly name: string;
  readonly options?: Record<string, unknown>;
  readonly request: WebhookRequest & { readonly body: string };
  readonly now?: number;
  readonly expect:
    | { readonly accepted: true; readonly matchedKey: number | string; readonly payload?: unknown }
    | { readonly code: WebhookErrorCode };
  readonly sign?: Omit<SignVector, 'name'>;
}

export interface SignVector {
  readonly name: string;
  readonly input: Record<string, unknown>;
  readonly signature: string;
  readonly notSignature?: string;
  /**
   * The scheme signs with a fresh random nonce (ECDSA): `signature` is one valid signature,
   * and `sign`'s output is checked by verifying it, not by comparing it with this one.
   */
  readonly randomised?: boolean;
}

const VECTOR_DIR = new URL('../vectors/', import.meta.url);

/** Every vector file, parsed. */
export function loadVectorFiles(): VectorFile[] {
  return readdirSync(VECTOR_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      ...JSON.parse(readFileSync(join(VECTOR_DIR.pathname, file), 'utf8')),
    }));
}

/** The scheme a vector file (or one of its cases) describes. */
export function schemeFor(
  file: VectorFile,
  options: Record<string, unknown> = file.options,
): SigningScheme {
  return schemeFromCore(core, file, options);
}

/** The verifying scheme for a case, with the case's own options where it has them. */
export function webhookSchemeFor(file: VectorFile, testCase: VectorCase): WebhookScheme {
  return schemeFor(file, testCase.options ?? file.options) as WebhookScheme;
}

/** Every case of every verifying vector file, flattened for `it.each`. */
export function allCases(): { file: VectorFile; testCase: VectorCase; title: string }[] {
  return loadVectorFiles().flatMap((file) =>
    (file.cases ?? []).map((testCase) => ({
      file,
      testCase,
      title: `${file.scheme}: ${testCase.name}`,
    })),
  );
}
