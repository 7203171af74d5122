/** Parsed command-line arguments: positionals, and flags (repeatable ones as lists). */
export interface Args {
  readonly positionals: string[];
  readonly flags: Map<string, string[]>;
}

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['help', 'json', 'reveal', 'quiet']);

/** `--name value`, `--name=value`, boolean `--name`; anything else is positional. */
export function parseArgs(argv: readonly string[]): Args {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      flags.set('help', ['true']);
      continue;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    let value: string;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (BOOLEAN_FLAGS.has(name)) value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`--${name} needs a value.`);
      value = next;
      i++;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { positionals, flags };
}

/** The last value of a flag. */
export function flag(args: Args, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {}

/** Missing configuration, such as a secret: exit code 3. */
export class ConfigError extends Error {}
