import type { ProviderSetting, SettingValues } from './provider-entry.js';

/** `a, b` → `['a', 'b']`: a new secret first while rotating. */
function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

/** `keyRef:secret,keyRef:secret` → `{ keyRef: secret }` (a secret may contain `:`). */
function parseKeyRing(value: string, env: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const pair of splitList(value)) {
    const colon = pair.indexOf(':');
    if (colon < 1) throw new TypeError(`${env} must look like keyRef:secret,keyRef:secret`);
    keys[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  return keys;
}

function parse(setting: ProviderSetting, value: string): unknown {
  if (setting.format === 'list') return splitList(value);
  if (setting.format === 'key-ring') return parseKeyRing(value, setting.env);
  return value;
}

/**
 * A factory's options from setting values as text, each read in its format. A value that
 * is missing or empty is left out, so the factory names what it lacks; sign-only settings
 * are not the factory's.
 */
export function schemeOptions(
  settings: readonly ProviderSetting[],
  values: SettingValues,
): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const setting of settings) {
    const value = values[setting.option];
    if (setting.signOnly || value === undefined || value === '') continue;
    options[setting.option] = parse(setting, value);
  }
  return options;
}
