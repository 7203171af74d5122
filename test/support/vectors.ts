import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PROVIDERS,
  type ProviderEntry,
  type SigningScheme,
  type WebhookErrorCode,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';

/** A vector file under test/vectors, as written by generate.py. */
export interface VectorFile {
  readonly file: string;
  readonly scheme: string;
  readonly options: Record<string, unknown>;
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
}

const VECTOR_DIR = new URL('../vectors/', import.meta.url);

/** Each scheme's factory, by the name a vector file gives it: the core's list of providers. */
const FACTORIES = new Map<string, ProviderEntry['factory']>(
  (PROVIDERS as readonly ProviderEntry[]).map((provider) => [provider.id, provider.factory]),
);

/** The header each scheme puts its signature in (the whole value, as sent). */
const SIGNATURE_HEADERS = [
  'x-webhook-signature',
  'message-signature',
  'stripe-signature',
  'x-hub-signature-256',
  'x-shopify-hmac-sha256',
  'x-slack-signature',
  'x-twilio-signature',
  'webhook-signature',
  'svix-signature',
  'x-razorpay-signature',
  'x-paystack-signature',
  'verif-hash',
];

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
  const factory = FACTORIES.get(file.scheme);
  if (factory === undefined) throw new Error(`no provider in PROVIDERS is named ${file.scheme}`);
  return factory(options);
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

/** The signature inside whatever `sign` returned, wherever the provider puts it. */
export function signatureIn(scheme: string, signed: unknown): string {
  if (typeof signed === 'string') return signed;
  const value = signed as { headers?: Record<string, string>; body?: string; signature?: string };
  if (value.signature !== undefined) return value.signature;
  const headers = value.headers ?? {};
  for (const name of SIGNATURE_HEADERS) if (headers[name] !== undefined) return headers[name];
  if (headers.authorization !== undefined)
    return /Signature=([^,\s]+)/.exec(headers.authorization)?.[1] ?? '';
  const fromForm = new URLSearchParams(String(value.body)).get('signature');
  if (fromForm !== null) return fromForm;
  throw new Error(`no signature found in the output of sign for ${scheme}`);
}
