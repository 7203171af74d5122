import { platform } from './platform.js';
import { adyen as standard } from './standard.js';

/**
 * Adyen's two signing schemes. Choose the one the route receives; never detect it from the
 * request.
 *
 * - `adyen({ hmacKey })`: standard webhooks (payments), each item signed in the body.
 * - `adyen.platform({ hmacKey })`: Balance Platform and Management API webhooks, the body
 *   signed in the `HmacSignature` header.
 *
 * @example
 * ```ts
 * const payments = adyen({ hmacKey: process.env.ADYEN_HMAC_KEY! });
 * const balancePlatform = adyen.platform({ hmacKey: process.env.ADYEN_PLATFORM_HMAC_KEY! });
 * ```
 */
export const adyen: typeof standard & { readonly platform: typeof platform } = Object.assign(
  standard,
  { platform },
);
