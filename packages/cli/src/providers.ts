import {
  type CatalogOracle,
  catalog,
  type ProviderFamily,
  type ProviderSetting,
  type SigningScheme,
} from '@hookguard/core';

/** A value a provider needs: a secret (from the environment or a prompt) or a plain setting. */
export interface ProviderInput {
  /** The factory option it fills. */
  readonly option: string;
  /** The environment variable read by default (the example apps' names). */
  readonly env: string;
  /** Secrets never come from argv; settings may (`--flag`). */
  readonly secret: boolean;
  /** The command-line flag for a setting. */
  readonly flag?: string;
  readonly description: string;
}

/** What the CLI knows about one provider: its entry in the core's list, as `providers --json` shows it. */
export interface ProviderEntry {
  readonly name: string;
  /** Such as `Stripe webhooks`. */
  readonly title: string;
  /** The example apps' route, used as the default path. */
  readonly path: string;
  readonly inputs: readonly ProviderInput[];
  create(values: Readonly<Record<string, string>>): SigningScheme;
  /** The sign input for a body (its bytes) and the target path. */
  signInput(body: Buffer, path: string, settings: Readonly<Record<string, string>>): unknown;
  /** The sign input of a delivery made at `now` (epoch ms), as the demo sends it. */
  sample(now: number): unknown;
  readonly verifies: boolean;
  readonly family: ProviderFamily;
  /** The vendor's page for the scheme, or null. */
  readonly docs: string | null;
  /** What the preset is proven by. */
  readonly oracle: CatalogOracle;
}

/** A setting as the CLI shows it: demo values and formats are the example apps' business. */
function input(setting: ProviderSetting): ProviderInput {
  const { option, env, description } = setting;
  return setting.secret
    ? { option, env, secret: true, description }
    : { option, env, flag: setting.flag, secret: false, description };
}

/** Every provider, by scheme name, in the core's order. */
export const PROVIDERS: readonly ProviderEntry[] = catalog.map((entry) => ({
  name: entry.id,
  title: entry.title,
  path: entry.route,
  inputs: entry.settings.map(input),
  create: (values) => entry.create(values),
  signInput: (body, path, settings) => entry.signInput(body, path, settings),
  sample: (now) => entry.sample(now),
  verifies: entry.verifies,
  family: entry.family,
  docs: entry.docs,
  oracle: entry.oracle,
}));

export function findProvider(name: string | undefined): ProviderEntry | undefined {
  return PROVIDERS.find((provider) => provider.name === name);
}
