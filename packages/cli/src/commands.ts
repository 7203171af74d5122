import { type Args, FlagError, type FlagOptions, parseFlags, UsageError } from './args.js';
import { closestMatch } from './closest-match.js';
import { PROVIDERS } from './providers.js';

/** The flags of provider settings (`partner-id`, `public-url`, …), without their dashes. */
export const SETTING_FLAGS: readonly string[] = [
  ...new Set(
    PROVIDERS.flatMap((provider) =>
      provider.inputs.flatMap((input) =>
        input.flag === undefined ? [] : [input.flag.replace(/^--/, '')],
      ),
    ),
  ),
];

/** Flags someone may try for a secret (`--secret`, `--auth-token`): argv is never read for one. */
const SECRET_FLAGS = new Set(
  PROVIDERS.flatMap((provider) =>
    provider.inputs
      .filter((input) => input.secret)
      .map((input) => input.option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)),
  ),
);

const STRING = { type: 'string' } as const;
const LIST = { type: 'string', multiple: true } as const;
const BOOLEAN = { type: 'boolean' } as const;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;
const SETTINGS: FlagOptions = Object.fromEntries(SETTING_FLAGS.map((name) => [name, STRING]));

/** Flags given before the command. */
const GLOBAL_FLAGS: FlagOptions = { ...HELP, version: { type: 'boolean', short: 'v' } };

/** What each command takes: its positional arguments, and its flags (`--help` with each). */
export const COMMANDS = {
  sign: {
    positionals: ['<provider>'],
    flags: {
      ...HELP,
      body: STRING,
      url: STRING,
      header: LIST,
      'secret-env': LIST,
      json: BOOLEAN,
      ...SETTINGS,
    },
  },
  send: {
    positionals: ['<provider>', '<url>'],
    flags: {
      ...HELP,
      body: STRING,
      header: LIST,
      'secret-env': LIST,
      timeout: STRING,
      json: BOOLEAN,
      ...SETTINGS,
    },
  },
  explain: {
    positionals: ['<provider>'],
    flags: {
      ...HELP,
      request: STRING,
      now: STRING,
      reveal: BOOLEAN,
      'secret-env': LIST,
      json: BOOLEAN,
      ...SETTINGS,
    },
  },
  listen: {
    // One provider or more: a trailing `…` takes any number.
    positionals: ['<provider>…'],
    flags: {
      ...HELP,
      port: STRING,
      host: STRING,
      'forward-to': STRING,
      record: STRING,
      ...SETTINGS,
    },
  },
  providers: { positionals: [], flags: { ...HELP, json: BOOLEAN } },
} as const satisfies Record<string, { positionals: readonly string[]; flags: FlagOptions }>;

export type CommandName = keyof typeof COMMANDS;

/** What the command line asks for: a command with its arguments, or only global flags. */
export type CommandLine =
  | { readonly command: CommandName; readonly args: Args }
  | { readonly command: undefined; readonly help: boolean; readonly version: boolean };

const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** `hookguard send`, `hookguard sign and send`, `hookguard sign, send and explain`. */
function commandList(names: readonly string[]): string {
  const last = names.at(-1);
  return `hookguard ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${last}` : last}`;
}

function commandsTaking(name: string): CommandName[] {
  return COMMAND_NAMES.filter((command) => Object.hasOwn(COMMANDS[command].flags, name));
}

/** The long name of a flag typed short (`-v` → `version`). */
function longName(error: FlagError, options: FlagOptions): string {
  if (error.flag.startsWith('--')) return error.flagName;
  const all = [options, GLOBAL_FLAGS, ...COMMAND_NAMES.map((command) => COMMANDS[command].flags)];
  for (const set of all) {
    const found = Object.entries(set).find(([, option]) => option.short === error.flagName);
    if (found !== undefined) return found[0];
  }
  return error.flagName;
}

/** Turns a refused flag into one line that names it, and a hint. */
function usageErrorFor(
  error: FlagError,
  command: CommandName | undefined,
  options: FlagOptions,
): UsageError {
  const here = command === undefined ? 'hookguard' : `hookguard ${command}`;
  const seeHelp = `See ${here} --help.`;
  const { flag } = error;
  if (error.problem === 'missing-value') {
    return new UsageError(
      error.value === undefined
        ? `${flag} needs a value.`
        : `${flag} needs a value, and ${error.value} looks like a flag (write ${flag}=${error.value} if it is the value).`,
      seeHelp,
    );
  }
  if (error.problem === 'unexpected-value')
    return new UsageError(`${flag} takes no value.`, seeHelp);
  const name = longName(error, options);
  if (command !== undefined && Object.hasOwn(GLOBAL_FLAGS, name))
    return new UsageError(`${flag} goes before the command: hookguard ${flag}.`, seeHelp);
  const takers = commandsTaking(name);
  if (takers.length > 0) {
    return new UsageError(
      command === undefined
        ? `${flag} is a flag of ${commandList(takers)}: it goes after the command.`
        : `${flag} is a flag of ${commandList(takers)}, not of ${here}.`,
      seeHelp,
    );
  }
  if (SECRET_FLAGS.has(name)) {
    return new UsageError(
      `${flag}: secrets are never read from the command line, where other users can see them in ps.`,
      `Export the variable hookguard providers names, or name another with --secret-env VAR. ${seeHelp}`,
    );
  }
  const known =
    command === undefined
      ? new Set([
          ...Object.keys(GLOBAL_FLAGS),
          ...COMMAND_NAMES.flatMap((c) => Object.keys(COMMANDS[c].flags)),
        ])
      : Object.keys(options);
  const guess = closestMatch(name, known);
  const message = `unknown flag ${flag}${command === undefined ? '' : ` for ${here}`}.`;
  if (guess !== undefined) {
    const where =
      command !== undefined || Object.hasOwn(GLOBAL_FLAGS, guess)
        ? ''
        : `, a flag of ${commandList(commandsTaking(guess))}`;
    return new UsageError(message, `Did you mean --${guess}${where}? ${seeHelp}`);
  }
  // Close to a flag of another command: say whose.
  const elsewhere = closestMatch(
    name,
    COMMAND_NAMES.flatMap((c) => Object.keys(COMMANDS[c].flags)),
  );
  return new UsageError(
    message,
    elsewhere === undefined
      ? seeHelp
      : `--${elsewhere} is a flag of ${commandList(commandsTaking(elsewhere))}. ${seeHelp}`,
  );
}

function parseWith(
  argv: readonly string[],
  options: FlagOptions,
  command: CommandName | undefined,
): Args {
  try {
    return parseFlags(argv, options);
  } catch (error) {
    throw error instanceof FlagError ? usageErrorFor(error, command, options) : error;
  }
}

/**
 * Reads the command line: global flags (`--help`, `--version`), then the command, then that
 * command's arguments, parsed strictly against the flags it takes. A flag it does not take, a
 * missing value or an argument too many is a `UsageError` naming it, with a hint.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const at = argv.findIndex((arg) => !arg.startsWith('-'));
  const global = parseWith(at === -1 ? argv : argv.slice(0, at), GLOBAL_FLAGS, undefined);
  const help = global.flags.has('help');
  const version = global.flags.has('version');
  const name = argv[at];
  if (name === undefined || version) return { command: undefined, help, version };
  const rest = argv.slice(at + 1);
  if (!isCommand(name)) {
    if (help || rest.includes('--help') || rest.includes('-h'))
      return { command: undefined, help: true, version: false };
    const guess = closestMatch(name, COMMAND_NAMES);
    throw new UsageError(
      `unknown command ${JSON.stringify(name)}.`,
      `${guess === undefined ? '' : `Did you mean hookguard ${guess}? `}Run hookguard --help.`,
    );
  }
  const { positionals, flags } = parseWith(rest, COMMANDS[name].flags, name);
  if (help) flags.set('help', ['true']);
  const expected: readonly string[] = COMMANDS[name].positionals;
  const variadic = expected.at(-1)?.endsWith('…') === true;
  const extra = variadic ? undefined : positionals[expected.length];
  if (extra !== undefined && !flags.has('help')) {
    throw new UsageError(
      `${name} takes ${expected.length === 0 ? 'no arguments' : `only ${expected.join(' ')}`}; ${JSON.stringify(extra)} is one too many.`,
      `A value goes after the flag it is for (--name value). See hookguard ${name} --help.`,
    );
  }
  return { command: name, args: { positionals: [name, ...positionals], flags } };
}
