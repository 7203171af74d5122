import { readFileSync } from 'node:fs';

/**
 * The transmission from PayPal's own Node SDK tests (fixtures/paypal-sdk-vector.json): its
 * headers as PayPal sends them, and a clock inside its certificate's validity.
 */
export const PAYPAL_VECTOR = JSON.parse(
  readFileSync(new URL('../fixtures/paypal-sdk-vector.json', import.meta.url), 'utf8'),
) as Record<
  | 'certUrl'
  | 'transmissionId'
  | 'transmissionTime'
  | 'webhookId'
  | 'transmissionSig'
  | 'body'
  | 'certificatePem',
  string
>;

/** A minute after the transmission: inside the certificate's validity (2015-03-18 to 2017-03-22). */
export const PAYPAL_NOW = Date.parse(PAYPAL_VECTOR.transmissionTime) + 60_000;

/** The headers PayPal sent with the vector's body. */
export const PAYPAL_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'paypal-transmission-id': PAYPAL_VECTOR.transmissionId,
  'paypal-transmission-time': PAYPAL_VECTOR.transmissionTime,
  'paypal-transmission-sig': PAYPAL_VECTOR.transmissionSig,
  'paypal-cert-url': PAYPAL_VECTOR.certUrl,
  'paypal-auth-algo': 'SHA256withRSA',
};
