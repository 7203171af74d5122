import { ConfigError } from './args.js';
import type { ProviderEntry } from './providers.js';

/** `scheme://user:password@…` or `scheme://user@…`: an authority with user information. */
const URL_WITH_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

/**
 * The values a provider needs. Secrets come from environment variables (the example apps'
 * names, or `--secret-env VAR` / `--secret-env option=VAR`) or, on a terminal, a prompt
 * that does not echo: never from argv, which other users can read in `ps`. Settings come
 * from their flag or their environment variable.
 */
export async function providerValues(
  provider: ProviderEntry,
  secretEnv: readonly string[],
  settingFlags: (flag: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string>> {
  const secrets = provider.inputs.filter((input) => input.secret);
  const overrides = new Map<string, string>();
  secretEnv.forEach((entry, index) => {
    const equals = entry.indexOf('=');
    if (equals === -1) overrides.set(secrets[index]?.option ?? '', entry);
    else overrides.set(entry.slice(0, equals), entry.slice(equals + 1));
  });
  const values: Record<string, string> = {};
  for (const input of provider.inputs) {
    if (!input.secret) {
      const flagged = input.flag === undefined ? undefined : settingFlags(input.flag);
      // A URL setting may carry Basic-auth credentials (Twilio signs them): on the command
      // line, `ps` would show the password to every user of the machine.
      if (flagged !== undefined && URL_WITH_CREDENTIALS.test(flagged)) {
        throw new ConfigError(
          `${input.flag} holds a URL with credentials, which ps would show: export ${input.env} instead.`,
        );
      }
      const value = flagged ?? env[input.env];
      if (value !== undefined && value !== '') values[input.option] = value;
      continue;
    }
    const variable = overrides.get(input.option) ?? input.env;
    const value = env[variable];
    if (value !== undefined && value !== '') {
      values[input.option] = value;
      continue;
    }
    if (!process.stdin.isTTY) {
      throw new ConfigError(
        `${variable} is not set: export it (or name another variable with --secret-env ${input.option}=VAR). Secrets are never read from the command line.`,
      );
    }
    values[input.option] = await prompt(`${variable} (${input.description}, not echoed): `);
  }
  return values;
}

/** Reads a line from the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { stdin, stderr } = process;
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          stderr.write('\n');
          return resolve(value);
        }
        if (char === '\u0003') {
          stdin.setRawMode(false);
          return reject(new ConfigError('cancelled'));
        }
        value = char === '\u007f' ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on('data', onData);
  });
}
