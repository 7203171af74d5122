import { readFileSync } from 'node:fs';
import { explain, formatExplanation, sign, type WebhookScheme } from '@hookguard/core';
import { type Args, ConfigError, flag, UsageError } from './args.js';
import { parseCommandLine, SETTING_FLAGS } from './commands.js';
import {
  DEFAULT_LISTEN_HOST,
  DEFAULT_LISTEN_PORT,
  listenCommand,
} from './listen/listen-command.js';
import { packageVersion } from './package-version.js';
import { findProvider, PROVIDERS, type ProviderEntry } from './providers.js';
import { parseRawRequest } from './raw-request.js';
import { providerValues } from './secrets.js';

/** Exit codes: documented in `hookguard --help` and the README. */
const EXIT = { ok: 0, rejected: 1, usage: 2, config: 3, network: 4, timeout: 5 } as const;
const DEFAULT_TARGET = 'http://127.0.0.1:3000';
const DEFAULT_TIMEOUT_SECONDS = 10;
/** The longest timer Node keeps (2^31 - 1 ms); a longer one would fire at once. */
const MAX_TIMEOUT_SECONDS = 2_147_483;

const HELP: Record<string, string> = {
  main: `hookguard: sign, send and explain vendor webhook signatures.

Usage:
  hookguard sign <provider> [--body file] [--url url] [--secret-env VAR] [--header name=value] [--json]
  hookguard send <provider> <url> [--body file] [--secret-env VAR] [--header name=value] [--timeout seconds] [--json]
  hookguard explain <provider> --request file [--now time] [--reveal] [--json]
  hookguard listen <provider>… [--port 4242] [--host 127.0.0.1] [--forward-to url] [--record file.jsonl]
  hookguard providers [--json]
  hookguard --version   (or -v)

Secrets come from environment variables (hookguard providers lists their names) or, on a
terminal, a prompt that does not echo; never from the command line, which others can read
in ps. --secret-env VAR (or option=VAR) reads another variable.

Exit codes: 0 done / accepted, 1 refused (explain's verdict, or send got no 2xx),
2 usage error (such as a flag the command does not take), 3 missing configuration,
4 network error, 5 send got no answer within --timeout.
Run hookguard <command> --help for each command.`,
  sign: `hookguard sign <provider> [options]

Prints what the vendor would send: the headers, the body, and a ready curl command.

  --body file          the body to sign (default {}; - reads standard input). Form
                       providers take a form or a JSON object of strings.
  --url url            where the curl command sends it (default ${DEFAULT_TARGET}<route>);
                       its path and query are what Ethoca and Twilio sign
  --header name=value  an extra header to send and, where the scheme signs it, sign
  --secret-env VAR     read the secret from VAR (or option=VAR) instead of the default
  --json               print { provider, method, url, headers, body } instead`,
  send: `hookguard send <provider> <url> [options]

Signs a test callback like the vendor's "send test webhook" button, sends it to <url>,
and prints the response. Exit code 0 on a 2xx answer, 1 otherwise, 4 when <url> cannot
be reached, 5 when the whole answer has not come within the timeout.

  --body file, --header name=value, --secret-env VAR   as for sign
  --timeout seconds    give up after this many seconds (default ${DEFAULT_TIMEOUT_SECONDS})
  --json               print { request, response } instead`,
  explain: `hookguard explain <provider> --request file [options]

Reads a captured raw HTTP request (as nc -l or a proxy saves it) and shows how hookguard
sees it: the string to sign with invisible characters made visible, the digest and each
encoding step, what the received signature decodes to, and the verdict with its code.
Exit code 0 when it verifies, 1 when it does not.

  --request file       the captured request (- reads standard input)
  --now time           judge timestamps at this instant (ISO-8601 or epoch ms; default now)
  --reveal             show expected values even for keys that did not match (a forgery
                       for a request that was not validly signed: only on your own machine)
  --secret-env VAR     read the secret from VAR (or option=VAR) instead of the default
  --json               print the explanation as JSON`,
  listen: `hookguard listen <provider>… [options]

Receives webhooks on each provider's route (POST /webhooks/stripe …), verifies them as
your app would (handshakes answered, replays refused), forwards the verified ones byte for
byte to --forward-to and answers the sender with the app's answer, and serves an inspector
page at / that shows every delivery live with its explain trace. Secrets come from the
environment, as for sign (hookguard providers lists the variables). Stop it with Ctrl-C.

  --port port          where to listen (default ${DEFAULT_LISTEN_PORT}; 0 picks a free port)
  --host address       the address to bind (default ${DEFAULT_LISTEN_HOST}: this machine only)
  --forward-to url     your app, such as http://127.0.0.1:3000: each verified delivery goes
                       to the same path and query under it. Without it, verified deliveries
                       are answered 200.
  --record file        also append each delivery to this file as a JSON line`,
  providers: `hookguard providers [--json]

Lists every provider, the environment variables its secrets are read from, and its flags.`,
};

function readInput(path: string | undefined): Buffer {
  if (path === undefined) return Buffer.alloc(0);
  return path === '-' ? readFileSync(0) : readFileSync(path);
}

function provider(args: Args): ProviderEntry {
  const name = args.positionals[1];
  const found = findProvider(name);
  if (found === undefined) {
    throw new UsageError(
      `${name === undefined ? 'a provider is needed' : `unknown provider ${JSON.stringify(name)}`}; one of: ${PROVIDERS.map((p) => p.name).join(', ')}.`,
    );
  }
  // Every command takes every provider's setting flags; one meant for another is a mistake.
  const own = found.inputs.flatMap((input) => input.flag ?? []);
  const stray = SETTING_FLAGS.find((name) => args.flags.has(name) && !own.includes(`--${name}`));
  if (stray !== undefined) {
    throw new UsageError(
      `${found.name} takes no --${stray}${own.length === 0 ? '' : `, only ${own.join(', ')}`}.`,
      'hookguard providers lists the flags each provider takes.',
    );
  }
  return found;
}

async function schemeFor(
  entry: ProviderEntry,
  args: Args,
): Promise<{ scheme: ReturnType<ProviderEntry['create']>; values: Record<string, string> }> {
  const values = await providerValues(entry, args.flags.get('secret-env') ?? [], (name) =>
    flag(args, name.replace(/^--/, '')),
  );
  try {
    return { scheme: entry.create(values), values };
  } catch (error) {
    throw new ConfigError((error as Error).message.replace('[hookguard] ', ''));
  }
}

function extraHeaders(args: Args): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of args.flags.get('header') ?? []) {
    const equals = entry.indexOf('=');
    if (equals < 1)
      throw new UsageError(`--header takes name=value, not ${JSON.stringify(entry)}.`);
    headers[entry.slice(0, equals).toLowerCase()] = entry.slice(equals + 1);
  }
  return headers;
}

/** Single-quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

interface Signed {
  readonly provider: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

async function signed(args: Args, target: string | undefined): Promise<Signed> {
  const entry = provider(args);
  if (!entry.verifies)
    throw new UsageError(`${entry.name} is a signing scheme, not a webhook: use hookguard sign.`);
  const url = new URL(target ?? `${DEFAULT_TARGET}${entry.path}`);
  const { scheme, values } = await schemeFor(entry, args);
  const input = entry.signInput(
    readInput(flag(args, 'body')),
    `${url.pathname}${url.search}`,
    values,
  ) as Record<string, unknown>;
  const extra = extraHeaders(args);
  const output = sign(scheme, {
    ...input,
    headers: { ...(input.headers as object), ...extra },
  }) as {
    headers?: Record<string, string>;
    body?: string | Uint8Array;
    method?: string;
    signature?: string;
    timestamp?: string;
    url?: string;
  };
  // Smile ID signs no request of its own: the pair goes into the JSON body.
  if (output.headers === undefined) {
    const body = JSON.stringify({
      ...JSON.parse(readInput(flag(args, 'body')).toString('utf8') || '{}'),
      ...output,
    });
    return {
      provider: entry.name,
      method: 'POST',
      url: url.href,
      headers: { 'content-type': 'application/json', ...extra },
      body,
    };
  }
  const body = output.body === undefined ? '' : Buffer.from(output.body).toString('utf8');
  const method =
    (input.method as string | undefined) ??
    (body === '' && entry.name === 'fiserv' ? 'GET' : 'POST');
  return {
    provider: entry.name,
    method,
    // A scheme that signs a query parameter (Mercado Pago's data.id) may have added it.
    url: output.url?.startsWith('/') ? new URL(output.url, url).href : url.href,
    headers: { ...output.headers, ...extra },
    body,
  };
}

async function signCommand(args: Args): Promise<number> {
  const entry = provider(args);
  if (!entry.verifies) {
    const { scheme, values } = await schemeFor(entry, args);
    if (values.customer === undefined)
      throw new UsageError('uicheck needs --customer <stripe customer id>.');
    const signature = sign(scheme as never, entry.signInput(Buffer.alloc(0), '', values)) as string;
    console.log(
      args.flags.has('json')
        ? JSON.stringify({
            provider: entry.name,
            uicheck_id: values.id,
            stripe_customer_id: values.customer,
            signature,
          })
        : signature,
    );
    return EXIT.ok;
  }
  const request = await signed(args, flag(args, 'url'));
  if (args.flags.has('json')) {
    console.log(JSON.stringify(request, null, 2));
    return EXIT.ok;
  }
  const headerLines = Object.entries(request.headers).map(([name, value]) => `  ${name}: ${value}`);
  const curl = [
    `curl -X ${request.method} ${shellQuote(request.url)}`,
    ...Object.entries(request.headers).map(
      ([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`,
    ),
  ];
  if (request.body !== '') curl.push(`--data-binary ${shellQuote(request.body)}`);
  console.log(
    `${request.method} ${request.url}\n\nheaders:\n${headerLines.join('\n')}\n\nbody (${Buffer.byteLength(request.body)} bytes):\n  ${request.body}\n\ncurl:\n  ${curl.join(' \\\n    ')}`,
  );
  return EXIT.ok;
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = /^(\d+\.?\d*|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS))
    throw new UsageError(
      `--timeout takes a number of seconds above 0 (at most ${MAX_TIMEOUT_SECONDS}), not ${JSON.stringify(value)}.`,
      'See hookguard send --help.',
    );
  return seconds;
}

async function sendCommand(args: Args): Promise<number> {
  const target = args.positionals[2];
  if (target === undefined || !/^https?:\/\//.test(target))
    throw new UsageError(
      'send needs the URL to send to, such as http://127.0.0.1:3000/webhooks/stripe.',
    );
  const seconds = parseTimeout(flag(args, 'timeout'));
  const request = await signed(args, target);
  // One deadline for the whole exchange: connecting, the answer's head and its body.
  const signal = AbortSignal.timeout(seconds * 1000);
  const failed = (error: unknown, status?: number): number => {
    if ((error as Error).name === 'TimeoutError') {
      const what =
        status === undefined
          ? `no answer from ${request.url}`
          : `${request.url} answered ${status} but not all of its body came`;
      console.error(
        `hookguard: ${what} within ${seconds} s.\nCheck that the endpoint answers (it may be stuck), or give it longer with --timeout <seconds>.`,
      );
      return EXIT.timeout;
    }
    const cause = (error as Error).cause ?? (error as Error).message;
    console.error(
      status === undefined
        ? `hookguard: could not reach ${request.url}: ${cause}`
        : `hookguard: ${request.url} answered ${status}, then the connection failed: ${cause}`,
    );
    return EXIT.network;
  };
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      signal,
      ...(request.body === '' ? {} : { body: request.body }),
    });
  } catch (error) {
    return failed(error);
  }
  try {
    text = await response.text();
  } catch (error) {
    return failed(error, response.status);
  }
  if (args.flags.has('json')) {
    console.log(
      JSON.stringify(
        {
          request,
          response: {
            status: response.status,
            headers: Object.fromEntries(response.headers),
            body: text,
          },
        },
        null,
        2,
      ),
    );
  } else {
    console.log(
      `${request.method} ${request.url} → ${response.status} ${response.statusText}\n${text}`,
    );
  }
  return response.ok ? EXIT.ok : EXIT.rejected;
}

function parseNow(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new UsageError(
      `--now takes an ISO-8601 time or epoch milliseconds, not ${JSON.stringify(value)}.`,
    );
  return ms;
}

async function explainCommand(args: Args): Promise<number> {
  const entry = provider(args);
  if (!entry.verifies)
    throw new UsageError(`${entry.name} only signs: there is no request to explain.`);
  const file = flag(args, 'request');
  if (file === undefined)
    throw new UsageError('explain needs --request <file>, a captured raw HTTP request.');
  const request = parseRawRequest(readInput(file));
  const now = parseNow(flag(args, 'now'));
  const { scheme } = await schemeFor(entry, args);
  const explanation = explain(scheme as WebhookScheme, request, {
    now: () => now,
    revealExpected: args.flags.has('reveal'),
  });
  console.log(
    args.flags.has('json') ? JSON.stringify(explanation, null, 2) : formatExplanation(explanation),
  );
  return explanation.verdict.ok ? EXIT.ok : EXIT.rejected;
}

function providersCommand(args: Args): number {
  if (args.flags.has('json')) {
    console.log(
      JSON.stringify(
        PROVIDERS.map((p) => ({
          name: p.name,
          path: p.path,
          verifies: p.verifies,
          family: p.family,
          docs: p.docs,
          oracle: p.oracle,
          inputs: p.inputs,
        })),
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  for (const p of PROVIDERS) {
    const inputs = p.inputs.map((input) =>
      input.secret
        ? `$${input.env} (${input.description})`
        : `${input.flag} or $${input.env} (${input.description})`,
    );
    console.log(`${p.name.padEnd(22)} ${inputs.join('; ')}`);
  }
  return EXIT.ok;
}

async function main(argv: readonly string[]): Promise<number> {
  const line = parseCommandLine(argv);
  if (line.command === undefined) {
    if (line.version) {
      console.log(packageVersion());
      return EXIT.ok;
    }
    console.log(HELP.main);
    return line.help ? EXIT.ok : EXIT.usage;
  }
  const { command, args } = line;
  if (args.flags.has('help')) {
    console.log(HELP[command]);
    return EXIT.ok;
  }
  switch (command) {
    case 'sign':
      return signCommand(args);
    case 'send':
      return sendCommand(args);
    case 'explain':
      return explainCommand(args);
    case 'listen':
      return listenCommand(args);
    default:
      return providersCommand(args);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`hookguard: ${error.message}\n${error.hint}`);
      process.exitCode = EXIT.usage;
    } else if (error instanceof ConfigError) {
      console.error(`hookguard: ${error.message}`);
      process.exitCode = EXIT.config;
    } else {
      console.error(`hookguard: ${(error as Error).message}`);
      process.exitCode = EXIT.usage;
    }
  },
);
