import { type ParseArgsConfig, parseArgs as parseNodeArgs } from 'node:util';

/** The flags a command takes, as `node:util` `parseArgs` describes them. */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** Parsed command-line arguments: positionals, and flags (repeatable ones as lists). */
export interface Args {
  readonly positionals: string[];
  readonly flags: Map<string, string[]>;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  /** The line printed under the message: what to read or try next. */
  readonly hint: string;
  constructor(message: string, hint = 'Run hookguard --help.') {
    super(message);
    this.hint = hint;
  }
}

/** Missing configuration, such as a secret: exit code 3. */
export class ConfigError extends Error {}

/**
 * A flag `parseFlags` refused: one the command does not take, a value missing (or a flag
 * where the value should be, `--body --json`), or a value given to a flag that takes none.
 */
export class FlagError extends UsageError {
  constructor(
    /** As typed: `--bdy`, `-x`. */
    readonly flag: string,
    /** Without its dashes, as the options name it. */
    readonly flagName: string,
    readonly problem: 'unknown' | 'missing-value' | 'unexpected-value',
    /** For a missing value: the flag that came where the value should be. */
    readonly value?: string,
  ) {
    super(`${problem.replace('-', ' ')}: ${flag}`);
  }
}

/** Finds the token that made strict parsing fail, by parsing again leniently. */
function refusedFlag(argv: string[], options: FlagOptions): FlagError | undefined {
  const { tokens } = parseNodeArgs({
    args: argv,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (option === undefined) return new FlagError(token.rawName, token.name, 'unknown');
    // Strict mode refuses `--body --json`: the value looks like a flag.
    if (option.type === 'string' && (token.value === undefined || /^-./.test(token.value))) {
      if (token.inlineValue !== true)
        return new FlagError(token.rawName, token.name, 'missing-value', token.value);
    }
    if (option.type === 'boolean' && token.inlineValue === true)
      return new FlagError(token.rawName, token.name, 'unexpected-value');
  }
  return undefined;
}

/**
 * Parses `argv` with `node:util` `parseArgs` in strict mode: a flag the options do not name,
 * a missing value or a value for a boolean flag throws a `FlagError` saying which flag.
 * Values are kept as lists of strings (`'true'` for a boolean flag); `flag()` reads the last.
 */
export function parseFlags(argv: readonly string[], options: FlagOptions): Args {
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) throw error;
    throw refusedFlag([...argv], options) ?? new UsageError((error as Error).message);
  }
  const flags = new Map<string, string[]>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === undefined) continue;
    flags.set(name, Array.isArray(value) ? value.map(String) : [String(value)]);
  }
  return { positionals: parsed.positionals, flags };
}

/** The last value of a flag. */
export function flag(args: Args, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}
