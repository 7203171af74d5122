// @ts-check
import { PROVIDERS } from '@hookguard/core';

/**
 * @typedef {(typeof PROVIDERS)[number]} Provider
 * @typedef {{ [P in Provider as P['id']]: ReturnType<P['create']> } & { uicheckId: string }} Schemes
 *   Every provider's scheme by its id (`schemes['cashfree.webhook']`, `schemes.stripe`), and
 *   the UiCheck id the widget route hands out.
 */

/** Every provider, as the core lists them; the types above keep each one's own. */
const ALL = /** @type {readonly import('@hookguard/core').ProviderEntry[]} */ (PROVIDERS);

/**
 * @typedef {Exclude<Provider['settings'][number], { signOnly: true }>['env']} Variable
 *   Every environment variable a scheme is built from.
 */

/** Used when a variable is unset, so the app starts anywhere. Never take real traffic with them. */
export const DEMO_DEFAULTS = /** @type {Readonly<Record<Variable, string>>} */ (
  Object.fromEntries(
    ALL.flatMap((provider) => provider.settings)
      .filter((setting) => setting.signOnly !== true)
      .map((setting) => [setting.env, setting.demo]),
  )
);

/**
 * For the demo and tests only: with `HOOKGUARD_KEY_ORIGIN` set (`http://127.0.0.1:4000`),
 * the presets whose keys are fetched from the vendor (PayPal, AWS SNS, Plaid) fetch them
 * from that origin instead, path and query kept, once the vendor's allow-list has passed
 * the URL the request named. Unset (always, in production), they fetch from the vendor.
 *
 * @param {Record<string, string | undefined>} env
 * @param {(message: string) => void} warn
 * @returns {import('@hookguard/core').FetchFunction | undefined}
 */
function keyFetchFromEnv(env, warn) {
  const origin = env.HOOKGUARD_KEY_ORIGIN;
  if (origin === undefined || origin === '') return undefined;
  warn(
    `[hookguard example] HOOKGUARD_KEY_ORIGIN is set: vendor keys are fetched from ${origin}, not from the vendors. Only for the demo and tests.`,
  );
  return (url, init) => {
    const { pathname, search } = new URL(url);
    return fetch(`${origin}${pathname}${search}`, init);
  };
}

/**
 * Every scheme the app serves, from environment variables (the settings each provider
 * lists, comma-separated lists for rotation). Warns, naming the variable, for each one that
 * fell back to a demo value.
 *
 * @param {Record<string, string | undefined>} env
 * @param {(message: string) => void} warn
 * @returns {Schemes}
 */
export function schemesFromEnv(env = process.env, warn = console.warn) {
  const fetch = keyFetchFromEnv(env, warn);
  /** @type {Map<string, string>} */
  const read = new Map();
  /** @param {Variable} name */
  const value = (name) => {
    const known = read.get(name);
    if (known !== undefined) return known;
    let found = env[name];
    if (found === undefined || found === '') {
      warn(
        `[hookguard example] ${name} is not set: using a demo value. Set it before receiving real callbacks.`,
      );
      found = DEMO_DEFAULTS[name];
    }
    read.set(name, found);
    return found;
  };
  /** @param {import('@hookguard/core').ProviderEntry} provider */
  const settingValues = (provider) =>
    Object.fromEntries(
      provider.settings
        .filter((setting) => setting.signOnly !== true)
        .map((setting) => [setting.option, value(/** @type {Variable} */ (setting.env))]),
    );
  const schemes = Object.fromEntries(
    ALL.map((provider) => [provider.id, provider.create(settingValues(provider), { fetch })]),
  );
  return /** @type {Schemes} */ ({ ...schemes, uicheckId: value('UICHECK_ID') });
}

/**
 * Every webhook route the app serves, and the scheme that verifies it: one per provider
 * that verifies (UiCheck only signs; its GET route is in app.js).
 * @param {Schemes} schemes
 * @returns {[path: string, scheme: import('@hookguard/core').WebhookScheme<any, any, any>][]}
 */
export function webhookRouteTable(schemes) {
  const byId =
    /** @type {Record<string, import('@hookguard/core').WebhookScheme<any, any, any>>} */ (
      /** @type {unknown} */ (schemes)
    );
  return ALL.filter((provider) => provider.verifies).map((provider) => [
    provider.route,
    /** @type {import('@hookguard/core').WebhookScheme<any, any, any>} */ (byId[provider.id]),
  ]);
}
