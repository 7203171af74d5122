import { type KeyAlgorithm, parseCertificate, pemBlocks } from '../crypto/x509.js';
import { WebhookVerificationError } from '../errors.js';
import { FetchedKeys } from './fetched-keys.js';
import type { LoadedKey } from './key-cache.js';
import { type FetchFunction, type KeyFetchPolicy, keyFetchPolicy } from './key-fetch.js';
import type { Key } from './key-ring.js';

/**
 * The public key of the first certificate in a fetched PEM document (PayPal's and AWS SNS's
 * signing certificates; a chain lists the leaf first), kept until the certificate expires.
 *
 * Trust rests on where the document came from: an https fetch from the vendor's allow-listed
 * host (`fetchKeyDocument`), as `sns-validator` and PayPal's former SDK verifier do. The
 * chain is not validated. What is checked: one well-formed certificate, a key of the
 * algorithm the vendor signs with, and validity at the request's clock (`nowMs`, the same
 * injected clock as the timestamp check), so an expired certificate is refused even when
 * the vendor's host still serves it.
 *
 * Anything else is `key_unavailable` (503): the vendor retries, nothing was accepted, and
 * no byte of the document appears in the message.
 */
export function certificateKey(
  document: Uint8Array,
  url: string,
  nowMs: number,
  expected: { readonly provider: string; readonly algorithm: KeyAlgorithm },
): LoadedKey<Key> {
  const refuse = (why: string) =>
    new WebhookVerificationError('key_unavailable', `the certificate at the key URL ${why}.`, {
      provider: expected.provider,
    });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(document);
  } catch {
    throw refuse('is not PEM text');
  }
  const [leaf] = pemBlocks(text, 'CERTIFICATE');
  const certificate = leaf === undefined ? undefined : parseCertificate(leaf);
  if (certificate === undefined) throw refuse('is not a well-formed X.509 certificate in PEM');
  if (certificate.keyAlgorithm !== expected.algorithm)
    throw refuse(
      `holds a ${certificate.keyAlgorithm} key, not the ${expected.algorithm} key expected`,
    );
  if (nowMs < certificate.notBefore)
    throw refuse(`is not valid before ${new Date(certificate.notBefore).toISOString()}`);
  if (nowMs >= certificate.notAfter)
    throw refuse(`expired at ${new Date(certificate.notAfter).toISOString()}`);
  return {
    value: { id: url, bytes: certificate.spki, hasOuterWhitespace: false },
    expiresAt: certificate.notAfter,
  };
}

/** What a preset whose certificates are fetched takes about fetching them. */
export interface CertificateFetchOptions {
  /**
   * The `fetch` certificates are fetched with, and AWS SNS subscriptions confirmed with (an
   * egress proxy, tests); default `globalThis.fetch`.
   */
  readonly fetch?: FetchFunction | undefined;
  /** Milliseconds a certificate fetch (or a confirmation's GET) may take; default 5000. */
  readonly keyFetchTimeout?: number | undefined;
  /** Certificates fetched in any minute, at most; default 10 (vendors rotate them yearly). */
  readonly maxKeyFetchesPerMinute?: number | undefined;
}

/**
 * A vendor's RSA signing certificates (PayPal, AWS SNS): fetched only from `hosts` and only
 * at URLs `accepts` (the certificates' path on hosts that serve more), else
 * `untrusted_key_url` with `refusal` as its message; read by {@link certificateKey}.
 */
export function rsaCertificates(
  provider: string,
  hosts: readonly string[],
  options: CertificateFetchOptions,
  accepts: (url: string) => boolean,
  refusal: string,
): { readonly policy: KeyFetchPolicy; readonly certificates: FetchedKeys } {
  const policy = keyFetchPolicy({
    provider,
    allowedHosts: hosts,
    fetch: options.fetch,
    timeoutMs: options.keyFetchTimeout,
  });
  const certificates = new FetchedKeys({
    policy,
    maxFetchesPerMinute: options.maxKeyFetchesPerMinute,
    locate(url) {
      if (!accepts(url))
        throw new WebhookVerificationError('untrusted_key_url', refusal, { provider });
      return { url };
    },
    parse: (document, url, nowMs) =>
      certificateKey(document, url, nowMs, { provider, algorithm: 'rsa' }),
  });
  return { policy, certificates };
}
