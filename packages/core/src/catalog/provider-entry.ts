import type { Handshake } from '../handshake/handshake.js';
import type { FetchFunction } from '../keys/key-fetch.js';
import type { MediaType } from '../request/media-type.js';
import { type SigningScheme, signingDefinitionOf } from '../scheme.js';
import { schemeOptions } from './setting-values.js';

/** What `sign` takes for a scheme. */
type SignInputOf<TScheme extends SigningScheme> = NonNullable<TScheme['~types']>['signInput'];

/** Setting values as text, by option name: what the environment or the command line gave. */
export type SettingValues = Readonly<Record<string, string>>;

interface SettingBase {
  /** The factory option it fills (`secret`, `partnerId`); for a sign-only setting, the sign input's field. */
  readonly option: string;
  /** The environment variable the example apps and the CLI read it from. */
  readonly env: string;
  /**
   * How the text becomes the option: `text` as is, `list` split on commas (a new secret
   * first while rotating), `key-ring` as `keyRef:secret,keyRef:secret`.
   */
  readonly format: 'text' | 'list' | 'key-ring';
  readonly description: string;
  /** What the example apps fall back to, so they start anywhere. Never for real traffic. */
  readonly demo: string;
  /** Read only when signing, never by the factory (UiCheck's customer). */
  readonly signOnly?: true;
}

/** A secret: from the environment (or a prompt), never from the command line, where `ps` shows it. */
export interface SecretSetting extends SettingBase {
  readonly secret: true;
}

/** A setting that is not a secret: the CLI also takes it as a flag. */
export interface PlainSetting extends SettingBase {
  readonly secret: false;
  /** The CLI flag, such as `--partner-id`. */
  readonly flag: `--${string}`;
}

/** A value a provider's scheme needs, and where it comes from. */
export type ProviderSetting = SecretSetting | PlainSetting;

/** What {@link ProviderBase.create} takes besides the setting values. */
export interface CreateOptions {
  /**
   * For a preset whose keys are fetched from the vendor ({@link ProviderBase.demoKeys} says
   * which): the `fetch` its factory fetches them with. Ignored by every other preset.
   */
  readonly fetch?: FetchFunction | undefined;
}

/**
 * The document the vendor's key server answers for the demo keys of a preset whose keys are
 * fetched (PayPal's and SNS's certificate, Plaid's key): what the demo's local key server
 * serves, and what tests answer from memory. Never a vendor's real key.
 */
export interface DemoKeyDocument {
  /** The https URL the preset fetches it from, on the vendor's allow-listed host. */
  readonly url: string;
  /** `GET`, or `POST` for a key endpoint (Plaid), whatever the request body. */
  readonly method: 'GET' | 'POST';
  readonly contentType: string;
  readonly body: string;
}

/** What a provider's scheme was checked against, besides hookguard's own tests. */
export interface ProviderOracle {
  /**
   * What `test/vectors/<provider>.json` agrees with: the vendor's published example, the
   * specification's vector, or independent vectors where the vendor publishes neither.
   */
  readonly vector: string;
  /**
   * The vendor's Node SDK and its functions, where one exists: `test/cross-check/sdk.test.ts`
   * checks hookguard against them in both directions where the SDK signs.
   */
  readonly sdk?: { readonly package: string; readonly functions: readonly string[] };
  /**
   * Set when the vendor publishes neither a verifier nor a signed example, so nothing but
   * independent vectors checks the preset: why, in one sentence.
   */
  readonly none?: string;
}

/**
 * What a catalog entry is proven by, read from its {@link ProviderOracle}: the vendor's SDK
 * (checked in `test/cross-check/sdk.test.ts`), a vector the vendor or the specification
 * published, or nothing outside hookguard, with why.
 */
export type CatalogOracle =
  | {
      readonly kind: 'sdk';
      readonly package: string;
      readonly functions: readonly string[];
      readonly test: 'test/cross-check/sdk.test.ts';
      readonly vector: string;
    }
  | { readonly kind: 'vector'; readonly source: string }
  | { readonly kind: 'none'; readonly why: string; readonly vector: string };

/**
 * How a vendor proves a delivery is its own: an HMAC over the request, a signature checked
 * with a public key you configure or one fetched from the vendor, a shared token sent as
 * is, or a salted hash of fields.
 */
export type ProviderFamily = 'hmac' | 'public-key' | 'fetched-key' | 'shared-token' | 'salted-hash';

/** A setup request a preset answers (see `Handshake`), as the catalog lists it. */
export interface CatalogHandshake {
  readonly name: string;
  readonly signed: boolean;
  readonly arrives: string;
}

interface ProviderBase<TId extends string, TScheme extends SigningScheme> {
  /** The scheme's name, such as `cashfree.webhook`: also its replay-key prefix and CLI name. */
  readonly id: TId;
  readonly title: string;
  /** The scheme's `provider`, such as `cashfree` for all four Cashfree schemes. */
  readonly vendor: string;
  readonly family: ProviderFamily;
  /** The vendor's page that documents the scheme; `null` when it has no public one (UiCheck's comes with its onboarding). */
  readonly docs: `https://${string}` | null;
  /** In the order the CLI lists them. */
  readonly settings: readonly ProviderSetting[];
  /** The provider's factory, such as `stripe`, taking its own options. */
  factory(options: object): TScheme;
  /**
   * The scheme from setting values as text: lists split on commas, empty values left out;
   * `options.fetch` goes to a preset whose keys are fetched.
   */
  create(values: SettingValues, options?: CreateOptions): TScheme;
  /**
   * Set only on a preset whose keys are fetched from the vendor: the key document for its
   * demo private key, served from {@link DemoKeyDocument.url}.
   */
  readonly demoKeys?: DemoKeyDocument;
  /** Where the example apps serve it, and where the CLI sends by default. */
  readonly route: string;
  /**
   * The sign input of a delivery made at `now` (epoch ms), as the demo sends it: signed
   * content differs with `now`, so an older sample is a new delivery, not a replay.
   */
  sample(now: number): SignInputOf<TScheme>;
  /** The sign input for a body given to the CLI (its bytes), the target path and the settings. */
  signInput(body: Uint8Array, path: string, values: SettingValues): SignInputOf<TScheme>;
  readonly checkedAgainst: ProviderOracle;
  /** What the preset is proven by, from {@link checkedAgainst}. */
  readonly oracle: CatalogOracle;
  /** The setup requests its scheme answers, read from a scheme made with the demo values. */
  readonly handshakes: readonly CatalogHandshake[];
}

/** A provider whose scheme verifies webhooks received on {@link ProviderBase.route}. */
export interface WebhookProviderEntry<
  TId extends string = string,
  TScheme extends SigningScheme = SigningScheme,
> extends ProviderBase<TId, TScheme> {
  readonly verifies: true;
  /** The body format the scheme accepts. */
  readonly mediaType: MediaType;
  /** Whether a timestamp is signed, so a stale delivery is refused (else it is deduplicated for 24 h). */
  readonly timestamped: boolean;
}

/** A provider whose scheme only signs (UiCheck): nothing is received, so nothing is verified. */
export interface SigningProviderEntry<
  TId extends string = string,
  TScheme extends SigningScheme = SigningScheme,
> extends ProviderBase<TId, TScheme> {
  readonly verifies: false;
  readonly mediaType: null;
  readonly timestamped: false;
}

/**
 * One provider of hookguard's list ({@link PROVIDERS}): its scheme's factory, its settings,
 * its route, a sample delivery and what it was checked against.
 *
 * @example
 * ```ts
 * import { PROVIDERS, type ProviderEntry } from '@hookguard/core';
 *
 * const variables = (provider: ProviderEntry) => provider.settings.map((setting) => setting.env);
 * const timestamped: ProviderEntry[] = PROVIDERS.filter((provider) => provider.timestamped);
 * ```
 */
export type ProviderEntry<
  TId extends string = string,
  TScheme extends SigningScheme = SigningScheme,
> = WebhookProviderEntry<TId, TScheme> | SigningProviderEntry<TId, TScheme>;

/** What the list derives from a definition. */
type Derived = 'create' | 'oracle' | 'handshakes';

/** What a provider file declares: an entry without `create`, `oracle` and `handshakes`, which the list derives. */
export type ProviderDefinition =
  | Omit<WebhookProviderEntry, Derived>
  | Omit<SigningProviderEntry, Derived>;

/**
 * The entry a definition becomes: its id, its scheme's type and its settings kept, for
 * typed look-ups (`schemes['cashfree.webhook']`, the example apps' variable names).
 */
type EntryOf<TDefinition extends ProviderDefinition> = (TDefinition extends {
  readonly verifies: true;
}
  ? WebhookProviderEntry<TDefinition['id'], ReturnType<TDefinition['factory']>>
  : SigningProviderEntry<TDefinition['id'], ReturnType<TDefinition['factory']>>) & {
  readonly settings: TDefinition['settings'];
};

/** The oracle a definition's `checkedAgainst` names: an SDK first, then a published vector. */
function oracleOf({ vector, sdk, none }: ProviderOracle): CatalogOracle {
  if (sdk !== undefined) {
    return {
      kind: 'sdk',
      package: sdk.package,
      functions: sdk.functions,
      test: 'test/cross-check/sdk.test.ts',
      vector,
    };
  }
  if (none !== undefined) return { kind: 'none', why: none, vector };
  return { kind: 'vector', source: vector };
}

/** The handshakes a scheme answers, as the catalog lists them (none for a signing-only one). */
function handshakesOf(scheme: SigningScheme): readonly CatalogHandshake[] {
  const definition = signingDefinitionOf(scheme) as { handshakes?: readonly Handshake[] };
  return (definition.handshakes ?? []).map(({ name, signed, arrives }) => ({
    name,
    signed,
    arrives,
  }));
}

/**
 * Adds `create`, `oracle` and `handshakes` to a provider's definition: its factory, fed by
 * its settings. The sample and the CLI's sign input must be what `sign` takes for the
 * factory's scheme.
 */
export function defineProvider<const TDefinition extends ProviderDefinition>(
  definition: TDefinition & Pick<EntryOf<TDefinition>, 'sample' | 'signInput'>,
): EntryOf<TDefinition> {
  const fetchesKeys = definition.demoKeys !== undefined;
  const create = (values: SettingValues, options?: CreateOptions) => {
    const factoryOptions = schemeOptions(definition.settings, values);
    if (fetchesKeys && options?.fetch !== undefined) factoryOptions.fetch = options.fetch;
    return definition.factory(factoryOptions);
  };
  let handshakes: readonly CatalogHandshake[] | undefined;
  const entry = {
    ...definition,
    create,
    oracle: oracleOf(definition.checkedAgainst),
    // Made on first read, not when the list loads: a cold start builds no scheme it does not serve.
    get handshakes() {
      handshakes ??= handshakesOf(
        create(
          Object.fromEntries(definition.settings.map((setting) => [setting.option, setting.demo])),
        ),
      );
      return handshakes;
    },
  };
  // The conditional type is not followed through the spread; the fields are the definition's.
  return entry as unknown as EntryOf<TDefinition>;
}
