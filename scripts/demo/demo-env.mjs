// @ts-check
import { DEMO_DEFAULTS } from '../../examples/express/src/schemes.js';

/**
 * The secrets the demo and the example tests start both apps with (never real ones): the
 * apps' own demo defaults, passed explicitly, as a deployment passes its environment.
 */
export const DEMO_ENV = { ...DEMO_DEFAULTS };
