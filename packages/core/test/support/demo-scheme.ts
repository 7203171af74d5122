import type { FetchFunction, ProviderEntry, SettingValues } from '@hookguard/core';
import { keyDocumentFetch } from '../../../../test/support/vector-checks.mjs';

/** Every setting of a provider at its demo value, by option name. */
export function demoValues(entry: ProviderEntry): Record<string, string> {
  return Object.fromEntries(entry.settings.map((setting) => [setting.option, setting.demo]));
}

/**
 * For a preset whose keys are fetched (PayPal, AWS SNS, Plaid): a `fetch` that answers its
 * demo key document from memory, as the vendor's key server would; undefined for the rest.
 */
export function demoKeyFetch(entry: ProviderEntry): FetchFunction | undefined {
  return entry.demoKeys === undefined ? undefined : keyDocumentFetch([entry.demoKeys]);
}

/** The entry's scheme from setting values (its demo ones by default), its demo keys served. */
export function demoScheme(entry: ProviderEntry, values: SettingValues = demoValues(entry)) {
  return entry.create(values, { fetch: demoKeyFetch(entry) });
}
