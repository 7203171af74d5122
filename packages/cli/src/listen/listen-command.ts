import { MemoryReplayStore } from '@hookguard/core';
import { type Args, ConfigError, flag, UsageError } from '../args.js';
import { SETTING_FLAGS } from '../commands.js';
import { inspectorAssets } from '../inspector-assets.js';
import { packageVersion } from '../package-version.js';
import { findProvider, PROVIDERS, type ProviderEntry } from '../providers.js';
import { providerValues } from '../secrets.js';
import { DeliveryLog } from './delivery-log.js';
import { createInspectorServer } from './inspector-server.js';
import { type ListenedProvider, listenedProvider } from './listened-provider.js';
import { Receiver } from './receiver.js';

export const DEFAULT_LISTEN_PORT = 4242;
/** Loopback only by default: the page shows every delivery's body. */
export const DEFAULT_LISTEN_HOST = '127.0.0.1';

/** The providers named on the command line, each once, every one a webhook. */
function listenedEntries(names: readonly string[]): ProviderEntry[] {
  if (names.length === 0)
    throw new UsageError(
      'listen needs at least one provider, such as hookguard listen stripe github.',
      'hookguard providers lists them.',
    );
  const entries: ProviderEntry[] = [];
  for (const name of new Set(names)) {
    const entry = findProvider(name);
    if (entry === undefined)
      throw new UsageError(
        `unknown provider ${JSON.stringify(name)}; one of: ${PROVIDERS.map((p) => p.name).join(', ')}.`,
      );
    if (!entry.verifies)
      throw new UsageError(`${entry.name} only signs: there is no webhook to listen for.`);
    const clash = entries.find((other) => other.path === entry.path);
    if (clash !== undefined)
      throw new UsageError(
        `${clash.name} and ${entry.name} share the route ${entry.path}: listen for one.`,
      );
    entries.push(entry);
  }
  return entries;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LISTEN_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535))
    throw new UsageError(
      `--port takes a port number from 0 to 65535 (0 picks a free one), not ${JSON.stringify(value)}.`,
      'See hookguard listen --help.',
    );
  return port;
}

function parseTarget(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '')
    throw new UsageError(
      `--forward-to takes the app's http(s) URL, such as http://127.0.0.1:3000 (a path is a prefix; no query), not ${JSON.stringify(value)}.`,
      'See hookguard listen --help.',
    );
  if (url.username !== '' || url.password !== '')
    throw new ConfigError('--forward-to holds credentials, which ps would show: leave them out.');
  return url;
}

/**
 * `hookguard listen <provider>…`: receives deliveries on each provider's route, verifies them
 * with the core (handshakes answered, replays refused), forwards the verified ones to
 * `--forward-to`, records each, and serves the inspector page. Resolves with the exit code
 * once SIGINT or SIGTERM has closed the server.
 */
export async function listenCommand(args: Args): Promise<number> {
  const entries = listenedEntries(args.positionals.slice(1));
  // Each setting flag must be one some listened provider takes.
  const taken = new Set(
    entries.flatMap((entry) => entry.inputs.flatMap((input) => input.flag ?? [])),
  );
  const stray = SETTING_FLAGS.find((name) => args.flags.has(name) && !taken.has(`--${name}`));
  if (stray !== undefined)
    throw new UsageError(
      `none of ${entries.map((entry) => entry.name).join(', ')} takes --${stray}.`,
      'hookguard providers lists the flags each provider takes.',
    );
  const port = parsePort(flag(args, 'port'));
  const host = flag(args, 'host') ?? DEFAULT_LISTEN_HOST;
  const forwardTo = parseTarget(flag(args, 'forward-to'));
  const recordPath = flag(args, 'record');

  const replayStore = new MemoryReplayStore();
  const providers = new Map<string, ListenedProvider>();
  const redactAll = (line: string) =>
    [...providers.values()].reduce((text, listened) => listened.redactor.text(text), line);
  const warn = (message: string) => console.error(`hookguard listen: ${redactAll(message)}`);
  for (const entry of entries) {
    const values = await providerValues(entry, [], (name) => flag(args, name.replace(/^--/, '')));
    providers.set(entry.name, listenedProvider(entry, values, replayStore, warn));
  }
  let log: DeliveryLog;
  try {
    log = new DeliveryLog(recordPath);
  } catch (error) {
    throw new ConfigError(`--record ${recordPath}: ${(error as Error).message}`);
  }
  const receiver = new Receiver({
    providers,
    forwardTo,
    log,
    print: (line) => console.log(redactAll(line)),
  });
  const { server, closeStreams } = createInspectorServer({
    providers,
    receiver,
    log,
    assets: inspectorAssets(),
    forwardTo,
    version: packageVersion(),
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    log.close();
    const code = (error as { code?: string }).code;
    console.error(
      code === 'EADDRINUSE'
        ? `hookguard: port ${port} on ${host} is in use: pick another with --port (0 picks a free one).`
        : `hookguard: could not listen on ${host}:${port}: ${(error as Error).message}`,
    );
    return 4;
  }
  const address = server.address() as { port: number };
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  const lines = [
    `hookguard listen: listening on ${origin}`,
    `  inspector: ${origin}/`,
    ...[...providers.values()].map(
      ({ entry }) => `  ${entry.name.padEnd(22)} POST ${origin}${entry.path}`,
    ),
    forwardTo === undefined
      ? '  verified deliveries are answered 200 here (add --forward-to <url> to pass them to your app)'
      : `  verified deliveries are forwarded to ${forwardTo.href}`,
  ];
  if (recordPath !== undefined) lines.push(`  recording to ${recordPath}`);
  console.log(lines.join('\n'));

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      closeStreams();
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log.close();
  return 0;
}
