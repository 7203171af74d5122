import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workerdBinary } from './binaries.js';
import { bundleLikeWrangler } from './bundle.js';

/**
 * From this compatibility date on, workerd enables `nodejs_compat` without a flag
 * (`nodeJsCompat` has `$compatEnableDate("2026-08-04")` in cloudflare/workerd
 * src/workerd/io/compatibility-date.capnp; workerd 1.20261117 behaves so). A Worker
 * proves it needs no Node.js compatibility only with an earlier date and no flag.
 */
export const NODEJS_COMPAT_BY_DEFAULT_FROM = '2026-08-04';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;
const SOCKET_NAME = 'http';

/** A Worker to serve, as wrangler.toml describes one. */
export interface WorkerdOptions {
  /** The module Worker's entry, bundled as wrangler bundles it. */
  readonly main: string;
  readonly compatibilityDate: string;
  /** Left out of the config when empty (the default): no `nodejs_compat`, nothing. */
  readonly compatibilityFlags?: readonly string[];
  /** Text bindings on `env`, as wrangler passes secrets and plain vars. */
  readonly bindings?: Readonly<Record<string, string>>;
}

/** A running `workerd serve`. */
export interface WorkerdServer {
  /** `http://127.0.0.1:<port>`, the port workerd reported once listening. */
  readonly url: string;
  /** The Cap'n Proto config it was started with. */
  readonly config: string;
  /** `node:*` modules the bundle imports (kept external, as wrangler keeps them). */
  readonly nodeImports: readonly string[];
  /** Stops workerd (SIGTERM, then SIGKILL) and removes the bundle. */
  stop(): Promise<void>;
}

/** A line workerd writes on --control-fd, e.g. `{"event":"listen","socket":"http","port":8080}`. */
interface ControlMessage {
  readonly event?: string;
  readonly socket?: string;
  readonly port?: number;
}

/** A Cap'n Proto text literal: JSON's string escapes are valid there. */
const text = (value: string) => JSON.stringify(value);

/**
 * The config format is workerd's own (workerd.capnp in the `workerd` package; samples in
 * cloudflare/workerd samples/*): one worker service, one HTTP socket on 127.0.0.1 port 0
 * (workerd picks a free port and reports it on --control-fd), the bundle as the only
 * ES module, and `compatibilityFlags` only when there are some.
 */
function capnpConfig(module: string, options: WorkerdOptions): string {
  const flags = options.compatibilityFlags ?? [];
  const bindings = Object.entries(options.bindings ?? {}).map(
    ([name, value]) => `(name = ${text(name)}, text = ${text(value)})`,
  );
  return [
    'using Workerd = import "/workerd/workerd.capnp";',
    '',
    'const config :Workerd.Config = (',
    '  services = [(name = "main", worker = .worker)],',
    `  sockets = [(name = ${text(SOCKET_NAME)}, address = "127.0.0.1:0", http = (), service = "main")],`,
    ');',
    '',
    'const worker :Workerd.Worker = (',
    `  modules = [(name = ${text(module)}, esModule = embed ${text(module)})],`,
    `  compatibilityDate = ${text(options.compatibilityDate)},`,
    ...(flags.length > 0 ? [`  compatibilityFlags = [${flags.map(text).join(', ')}],`] : []),
    `  bindings = [${bindings.join(', ')}],`,
    ');',
    '',
  ].join('\n');
}

/**
 * Bundles `options.main` as wrangler does, writes a workerd config beside it, and starts
 * the workerd binary from node_modules on a free loopback port. Resolves once workerd
 * reports that it listens; rejects with its stderr if it exits or stays silent first (a
 * Worker that imports a module workerd lacks, such as `node:crypto` without
 * `nodejs_compat`, fails here). Nothing leaves the machine: the socket is on 127.0.0.1
 * and the config declares no outbound service.
 */
export async function startWorkerd(options: WorkerdOptions): Promise<WorkerdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hookguard-workerd-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  let config: string;
  let nodeImports: readonly string[];
  try {
    ({ nodeImports } = await bundleLikeWrangler(options.main, join(dir, 'worker.js')));
    config = capnpConfig('worker.js', options);
    writeFileSync(join(dir, 'config.capnp'), config);
  } catch (error) {
    removeDir();
    throw error;
  }
  // fd 3 is the control pipe: workerd writes one JSON line per socket once it listens.
  const child = spawn(workerdBinary(), ['serve', 'config.capnp', '--control-fd=3'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await closed;
      clearTimeout(timer);
    }
    removeDir();
  };
  const describe = (why: string) => {
    // workerd names a line of the bundle, which is gone once the test ends: quote it.
    const at = /worker\.js:(\d+):\d+/.exec(output);
    const line = at
      ? readFileSync(join(dir, 'worker.js'), 'utf8').split('\n')[Number(at[1]) - 1]
      : undefined;
    const quoted =
      line === undefined ? '' : `\nworker.js line ${at?.[1]}: ${line.trim().slice(0, 200)}`;
    const imports =
      nodeImports.length > 0
        ? `\nThe bundle imports ${nodeImports.join(', ')}, which workerd provides only with the nodejs_compat flag.`
        : '';
    return new Error(
      `workerd ${why}${quoted}${imports}\n--- workerd output ---\n${output}\n--- config ---\n${config}`,
    );
  };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(describe(`did not listen within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    let listening = false;
    let control = '';
    const controlPipe = child.stdio[3] as NodeJS.ReadableStream;
    controlPipe.on('data', (chunk: Buffer) => {
      control += chunk.toString();
      const lines = control.split('\n');
      control = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line) as ControlMessage;
        if (message.event === 'listen' && message.socket === SOCKET_NAME && message.port) {
          clearTimeout(timer);
          listening = true;
          resolve(message.port);
        }
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(describe(`could not start: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (!listening) reject(describe(`exited with ${code ?? signal} before listening`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url: `http://127.0.0.1:${port}`, config, nodeImports, stop };
}

/** What {@link runInWorkerd} got back. */
export interface WorkerdRun {
  /** The JSON body of the Worker's answer to `GET /`. */
  readonly output: unknown;
  /** The Cap'n Proto config workerd ran with. */
  readonly config: string;
  /** `node:*` modules the bundle imports. */
  readonly nodeImports: readonly string[];
}

/**
 * Serves the module Worker `entry` (one whose `fetch` answers JSON) in workerd with
 * `compatibilityDate` and no compatibility flag, sends it `GET /`, and stops workerd.
 */
export async function runInWorkerd(
  entry: string,
  compatibilityDate: string,
  compatibilityFlags: readonly string[] = [],
): Promise<WorkerdRun> {
  const server = await startWorkerd({ main: entry, compatibilityDate, compatibilityFlags });
  try {
    const response = await fetch(`${server.url}/`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`workerd answered ${response.status}: ${body}`);
    return { output: JSON.parse(body), config: server.config, nodeImports: server.nodeImports };
  } finally {
    await server.stop();
  }
}
