// @ts-check
import { DEMO_DEFAULTS } from '../../examples/express/src/schemes.js';
import { startDemoKeyServer } from './key-server.mjs';

/** The local key server the fetched-key presets' keys come from (see key-server.mjs). */
export const DEMO_KEY_SERVER = await startDemoKeyServer();

/**
 * The secrets the demo and the example tests start both apps with (never real ones): the
 * apps' own demo defaults, passed explicitly, as a deployment passes its environment; and
 * the demo key server's origin, where PayPal's, SNS's and Plaid's keys are fetched from.
 */
export const DEMO_ENV = { ...DEMO_DEFAULTS, HOOKGUARD_KEY_ORIGIN: DEMO_KEY_SERVER.origin };
