import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catalog, type SigningScheme, sign } from '@hookguard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Listener,
  startListen as startListenProcess,
} from '../../../test/support/listen-process.js';

// `hookguard listen` as a user runs it: the built binary as a child process on a free
// loopback port, forwarding to a real HTTP server that stands for the app.
const BIN = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'hookguard-listen-'));
const START_TIMEOUT_MS = 15_000;

const secret = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;
/** One distinctive value per secret, so finding one anywhere is a leak, not a coincidence. */
const ENV = {
  STRIPE_WEBHOOK_SECRET: secret('whsec_listen_'),
  GITHUB_WEBHOOK_SECRET: secret('gh-listen-'),
  SLACK_SIGNING_SECRET: secret('slack-listen-'),
  META_APP_SECRET: secret('meta-app-'),
  META_VERIFY_TOKEN: secret('meta-verify-'),
  TELEGRAM_WEBHOOK_SECRET_TOKEN: secret('telegram-'),
  FLUTTERWAVE_SECRET_HASH: secret('flw-hash-'),
};
const SECRETS = Object.values(ENV);
const LISTENED = ['stripe', 'github', 'slack', 'meta', 'telegram', 'flutterwave'];

/** A provider's scheme made from {@link ENV}, as the listener makes it. */
function schemeOf(id: string): SigningScheme {
  const entry = catalog.find((candidate) => candidate.id === id);
  if (entry === undefined) throw new Error(`no provider ${id}`);
  const values = Object.fromEntries(
    entry.settings.map((setting) => [
      setting.option,
      (ENV as Record<string, string>)[setting.env] ?? '',
    ]),
  );
  return entry.create(values);
}

function signed(id: string, body: string): { headers: Record<string, string>; body: string } {
  const output = sign(schemeOf(id) as never, { body } as never) as {
    headers: Record<string, string>;
    body: string | Uint8Array;
  };
  return { headers: output.headers, body: Buffer.from(output.body).toString('utf8') };
}

function startListen(args: string[], env: Record<string, string> = ENV): Promise<Listener> {
  return startListenProcess(args, env, dir);
}

/** A command run to its end. */
async function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

interface Received {
  readonly method: string;
  readonly url: string;
  readonly rawHeaders: string[];
  readonly body: Buffer;
}

/** The app: records each request and answers as told. */
function startApp() {
  const received: Received[] = [];
  const answer = { status: 202, body: 'the app says ok' };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method as string,
        url: req.url as string,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { 'content-type': 'text/plain', 'x-app': 'yes' });
      res.end(answer.body);
    });
  });
  return { server, received, answer };
}

function listenOn(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`),
    ),
  );
}

/** Sends a request with exactly these raw headers (repeats and case kept). */
function rawRequest(
  url: string,
  method: string,
  rawHeaders: string[],
  body: Buffer | string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  // Node adds no Host to headers given as a list; its server refuses a request without one.
  const hasHost = rawHeaders.some(
    (value, index) => index % 2 === 0 && value.toLowerCase() === 'host',
  );
  const headers = hasHost ? rawHeaders : ['Host', new URL(url).host, ...rawHeaders];
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers: headers as never }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

function post(url: string, { headers, body }: { headers: Record<string, string>; body: string }) {
  return rawRequest(url, 'POST', Object.entries(headers).flat(), body);
}

/** Headers a hop changes or owns, left out when comparing what was sent with what arrived. */
const CONNECTION_HEADERS = new Set(['connection', 'host', 'keep-alive', 'transfer-encoding']);
const endToEnd = (rawHeaders: readonly string[]) => {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (!CONNECTION_HEADERS.has((rawHeaders[i] as string).toLowerCase()))
      pairs.push([rawHeaders[i] as string, rawHeaders[i + 1] as string]);
  return pairs;
};

/** Everything the event stream sends, read as it comes. */
async function collectEvents(url: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/events`, { signal: controller.signal });
  let text = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
        text += decoder.decode(chunk, { stream: true });
    } catch {
      // Aborted at the end of the suite.
    }
  })();
  return {
    text: () => text,
    stop: async () => {
      controller.abort();
      await reading;
    },
  };
}

async function closedUrl(): Promise<string> {
  const closed = createTcpServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as { port: number };
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type View = {
  id: number;
  provider: string;
  source: string;
  resendOf?: number;
  verdict: { kind: string; code?: string; matchedKey?: number | string; name?: string };
  replay: string;
  forwarded?: { state: string; status?: number };
  answered?: number;
  resendable: boolean;
  request: { headers: [string, string][]; url: string; body: string };
};

describe('hookguard listen, forwarding to an app', () => {
  const app = startApp();
  let appUrl = '';
  let listener: Listener;
  let events: Awaited<ReturnType<typeof collectEvents>>;
  const record = join(dir, 'deliveries.jsonl');
  /** Every expected signature hookguard computed for a request that did not carry it. */
  const unsent: string[] = [];

  beforeAll(async () => {
    appUrl = await listenOn(app.server);
    listener = await startListen([
      ...LISTENED,
      '--forward-to',
      `${appUrl}/app/`,
      '--record',
      record,
    ]);
    events = await collectEvents(listener.url);
  }, START_TIMEOUT_MS * 2);
  afterAll(async () => {
    await events?.stop();
    await listener?.stop();
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
  });

  const api = async (path: string) =>
    (await (await fetch(`${listener.url}${path}`)).json()) as unknown;

  it('prints where it listens, each route, and where verified deliveries go', () => {
    const output = listener.output();
    expect(output).toContain(`inspector: ${listener.url}/`);
    expect(output).toContain(`POST ${listener.url}/webhooks/stripe`);
    expect(output).toContain(`forwarded to ${appUrl}/app/`);
  });

  it("forwards a verified delivery byte for byte and answers the sender with the app's answer", async () => {
    const body = '{"id":"evt_bytes",\r\n\t"amount":100,"note":"café ✓ \u2028 ünïcödé"}';
    const { headers } = signed('stripe', body);
    const sent = [
      'Host',
      'listener.test',
      'Content-Type',
      headers['content-type'] as string,
      'Stripe-Signature',
      headers['stripe-signature'] as string,
      'X-Trace',
      'first',
      'x-trace',
      'second',
      'X-Custom-Case',
      'Kept As Sent',
      'Connection',
      'keep-alive, x-drop-me',
      'X-Drop-Me',
      'named by Connection, so hop-by-hop',
      'Content-Length',
      String(Buffer.byteLength(body)),
    ];
    const before = app.received.length;
    const answer = await rawRequest(
      `${listener.url}/webhooks/stripe?attempt=1&q=%20x`,
      'POST',
      sent,
      body,
    );
    expect([answer.status, answer.body, answer.headers['x-app']]).toEqual([
      202,
      'the app says ok',
      'yes',
    ]);
    expect(app.received.length).toBe(before + 1);
    const arrived = app.received.at(-1) as Received;
    expect(arrived.method).toBe('POST');
    expect(arrived.url).toBe('/app/webhooks/stripe?attempt=1&q=%20x');
    expect(arrived.body.equals(Buffer.from(body))).toBe(true);
    expect(endToEnd(arrived.rawHeaders)).toEqual(
      endToEnd(sent).filter(([name]) => name !== 'X-Drop-Me'),
    );
    // Host is the app's: the request goes to it.
    expect(
      arrived.rawHeaders[arrived.rawHeaders.findIndex((h) => h.toLowerCase() === 'host') + 1],
    ).toBe(new URL(appUrl).host);
  });

  it("refuses a tampered delivery with its code's status and the JSON error contract, and forwards nothing", async () => {
    const valid = signed('stripe', '{"id":"evt_tampered","amount":100}');
    const tampered = { ...valid, body: valid.body.replace('100', '1') };
    const t = /t=(\d+)/.exec(valid.headers['stripe-signature'] as string)?.[1];
    unsent.push(
      createHmac('sha256', ENV.STRIPE_WEBHOOK_SECRET).update(`${t}.${tampered.body}`).digest('hex'),
    );
    const before = app.received.length;
    const answer = await post(`${listener.url}/webhooks/stripe`, tampered);
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        code: 'invalid_signature',
        message: expect.stringMatching(/^\[hookguard\] stripe: /),
      },
    });
    expect(app.received.length).toBe(before);
  });

  it('refuses a replay once the app answered, and lets the retry through when the app failed', async () => {
    const delivery = signed('stripe', '{"id":"evt_once","amount":100}');
    const before = app.received.length;
    expect((await post(`${listener.url}/webhooks/stripe`, delivery)).status).toBe(202);
    const replay = await post(`${listener.url}/webhooks/stripe`, delivery);
    expect([replay.status, JSON.parse(replay.body).error.code]).toEqual([401, 'replayed']);
    expect(app.received.length).toBe(before + 1);

    const failing = signed('stripe', '{"id":"evt_app_fails","amount":100}');
    app.answer.status = 500;
    try {
      expect((await post(`${listener.url}/webhooks/stripe`, failing)).status).toBe(500);
    } finally {
      app.answer.status = 202;
    }
    // Released on the app's 500: the vendor's retry reaches the app, and is then committed.
    expect((await post(`${listener.url}/webhooks/stripe`, failing)).status).toBe(202);
    expect((await post(`${listener.url}/webhooks/stripe`, failing)).status).toBe(401);
    expect(app.received.length).toBe(before + 3);
    const views = ((await api('/api/deliveries')) as { deliveries: View[] }).deliveries;
    expect(views.slice(-5).map((view) => view.replay)).toEqual([
      'committed',
      'replayed',
      'released',
      'committed',
      'replayed',
    ]);
  });

  it("answers the vendors' handshakes itself: Slack's signed url_verification, Meta's GET challenge", async () => {
    const before = app.received.length;
    const slack = signed(
      'slack',
      JSON.stringify({ type: 'url_verification', challenge: 'ch4llenge' }),
    );
    const answer = await post(`${listener.url}/webhooks/slack`, slack);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('ch4llenge');
    const query = `hub.mode=subscribe&hub.verify_token=${ENV.META_VERIFY_TOKEN}&hub.challenge=1158201444`;
    const meta = await rawRequest(`${listener.url}/webhooks/meta?${query}`, 'GET', [], '');
    expect([meta.status, meta.body]).toEqual([200, '1158201444']);
    const wrong = await rawRequest(
      `${listener.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`,
      'GET',
      [],
      '',
    );
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(app.received.length).toBe(before);
    const views = ((await api('/api/deliveries')) as { deliveries: View[] }).deliveries;
    expect(
      views.slice(-3).map((view) => [view.verdict.kind, view.verdict.name, view.replay]),
    ).toEqual([
      ['handshake', 'slack.url_verification', 'not-claimed'],
      ['handshake', 'meta.subscribe', 'not-claimed'],
      ['refused', undefined, 'not-claimed'],
    ]);
  });

  it('sends a signed test event through the same checks, and re-sends a verified delivery as it came', async () => {
    const test = await fetch(`${listener.url}/api/test-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'github' }),
    });
    const view = (await test.json()) as View;
    expect(view).toMatchObject({
      provider: 'github',
      source: 'test-event',
      verdict: { kind: 'accepted', matchedKey: 0 },
      replay: 'committed',
      forwarded: { state: 'answered', status: 202 },
      answered: 202,
      resendable: true,
    });
    const original = app.received.at(-1) as Received;
    expect(original.url).toBe('/app/webhooks/github');
    expect(endToEnd(original.rawHeaders).map(([name]) => name.toLowerCase())).toContain(
      'x-hub-signature-256',
    );

    const resent = await fetch(`${listener.url}/api/deliveries/${view.id}/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(resent.status).toBe(200);
    expect(await resent.json()).toMatchObject({
      source: 'resend',
      resendOf: view.id,
      verdict: { kind: 'accepted' },
      replay: 'not-claimed',
      forwarded: { state: 'answered', status: 202 },
    });
    const again = app.received.at(-1) as Received;
    expect(again.body.equals(original.body)).toBe(true);
    expect(endToEnd(again.rawHeaders)).toEqual(endToEnd(original.rawHeaders));

    // A refused delivery never reached the app, and is not sent there now.
    const views = ((await api('/api/deliveries')) as { deliveries: View[] }).deliveries;
    const refused = views.find((candidate) => candidate.verdict.kind === 'refused') as View;
    const notResent = await fetch(`${listener.url}/api/deliveries/${refused.id}/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(notResent.status).toBe(409);
    expect(((await notResent.json()) as { error: { code: string } }).error.code).toBe(
      'not_resendable',
    );
  });

  it("refuses the API's buttons to another site: a foreign Origin or Host, or a form post", async () => {
    const press = (headers: Record<string, string>) =>
      rawRequest(
        `${listener.url}/api/test-events`,
        'POST',
        Object.entries({ 'content-type': 'application/json', ...headers }).flat(),
        '{"provider":"stripe"}',
      );
    const host = new URL(listener.url).host;
    expect((await press({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await press({ host: 'evil.example' })).status).toBe(403);
    expect((await press({ 'content-type': 'text/plain' })).status).toBe(403);
    expect((await press({ origin: `http://${host}` })).status).toBe(200);
    const page = await rawRequest(`${listener.url}/`, 'GET', ['Host', 'rebound.example'], '');
    expect(page.status).toBe(403);
  });

  it('serves the inspector page with a policy that runs only its own script', async () => {
    const page = await fetch(`${listener.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/inspector.js">');
    for (const asset of ['/inspector.js', '/inspector.css'])
      expect((await fetch(`${listener.url}${asset}`)).status).toBe(200);
  });

  it('hides shared tokens and secret-equivalent signatures: Telegram, Flutterwave', async () => {
    for (const id of ['telegram', 'flutterwave']) {
      const delivery = signed(id, '{"id":"evt_token","amount":100}');
      expect((await post(`${listener.url}/webhooks/${id}`, delivery)).status).toBe(202);
    }
    const views = ((await api('/api/deliveries')) as { deliveries: View[] }).deliveries;
    const [telegram, flutterwave] = views.slice(-2);
    expect(
      telegram?.request.headers.find(([name]) => name === 'x-telegram-bot-api-secret-token')?.[1],
    ).toMatch(/^hidden \(\d+ characters\)$/);
    expect(flutterwave?.request.headers.find(([name]) => name === 'verif-hash')?.[1]).toMatch(
      /^hidden \(\d+ characters\)$/,
    );
  });

  it('records every delivery, complete, in the JSONL file, the event stream and the API', async () => {
    const views = ((await api('/api/deliveries')) as { deliveries: View[] }).deliveries;
    // Each line is written before the sender (or the page) is answered: no wait.
    const lines = readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as View);
    expect(lines.map((line) => line.id)).toEqual(views.map((view) => view.id));
    expect(lines.every((line) => line.forwarded?.state !== 'pending')).toBe(true);
    expect(lines.map((line) => line.verdict.code ?? line.verdict.kind)).toEqual(
      expect.arrayContaining(['accepted', 'invalid_signature', 'replayed', 'handshake']),
    );
    await eventually(
      () => views.every((view) => events.text().includes(`"id":${view.id},`)),
      'the event stream',
    );
    expect(events.text()).toMatch(/^retry: 2000\n\nevent: setup\ndata: \{"session"/);
  });

  it('never shows a secret or an expected signature nobody sent: not in the stream, the API, the JSONL or the terminal', async () => {
    expect(unsent).toHaveLength(1);
    const outputs = {
      stream: events.text(),
      api: JSON.stringify(await api('/api/deliveries')),
      jsonl: readFileSync(record, 'utf8'),
      terminal: listener.output(),
    };
    for (const [where, text] of Object.entries(outputs)) {
      for (const value of [...SECRETS, ...unsent]) expect(text, where).not.toContain(value);
      expect(text.length, where).toBeGreaterThan(100);
    }
    // The Meta verify token came in a query string: shown as hidden, not as sent.
    expect(outputs.api).toContain('hub.verify_token=‹hidden: a configured secret›');
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await listener.stop()).toBe(0);
  });
});

describe('hookguard listen, when the app cannot be reached', () => {
  it('answers 502 forward_unreachable and releases the claim, so the retry is accepted', async () => {
    const listener = await startListen(['stripe', '--forward-to', await closedUrl()]);
    try {
      const delivery = signed('stripe', '{"id":"evt_unreachable","amount":100}');
      for (let attempt = 0; attempt < 2; attempt++) {
        const answer = await post(`${listener.url}/webhooks/stripe`, delivery);
        expect(answer.status).toBe(502);
        expect(JSON.parse(answer.body).error).toEqual({
          code: 'forward_unreachable',
          message: expect.stringContaining("released, so the vendor's retry will be accepted"),
        });
      }
      const views = (
        (await (await fetch(`${listener.url}/api/deliveries`)).json()) as { deliveries: View[] }
      ).deliveries;
      expect(views.map((view) => [view.replay, view.forwarded?.state])).toEqual([
        ['released', 'unreachable'],
        ['released', 'unreachable'],
      ]);
    } finally {
      await listener.stop();
    }
  });

  it('answers 200 itself when nothing is forwarded, and commits the claim', async () => {
    const listener = await startListen(['stripe']);
    try {
      const delivery = signed('stripe', '{"id":"evt_local","amount":100}');
      const first = await post(`${listener.url}/webhooks/stripe`, delivery);
      expect([first.status, JSON.parse(first.body)]).toEqual([
        200,
        { delivery: 1, provider: 'stripe', matchedKey: 0 },
      ]);
      expect((await post(`${listener.url}/webhooks/stripe`, delivery)).status).toBe(401);
    } finally {
      await listener.stop();
    }
  });
});

describe('hookguard listen, started wrong', () => {
  it.each([
    [[], 2, 'listen needs at least one provider'],
    [['acme'], 2, 'unknown provider "acme"'],
    [['uicheck'], 2, 'uicheck only signs'],
    [['stripe', '--port', 'abc'], 2, '--port takes a port number'],
    [['stripe', '--forward-to', 'ftp://x'], 2, "--forward-to takes the app's http(s) URL"],
    [['stripe', '--public-url', 'https://x.example'], 2, 'none of stripe takes --public-url'],
    [['stripe', '--secret', 'x'], 2, 'secrets are never read from the command line'],
  ])('listen %j exits %i: %s', async (args, code, message) => {
    const result = await run(['listen', ...args], { STRIPE_WEBHOOK_SECRET: 'whsec_x' });
    expect([result.code, result.stderr]).toEqual([code, expect.stringContaining(message)]);
  });

  it('exits 4 when the port is taken', async () => {
    const taken = createTcpServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await run(['listen', 'stripe', '--port', String(port)], {
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
      });
      expect([result.code, result.stderr]).toEqual([
        4,
        expect.stringContaining(`port ${port} on 127.0.0.1 is in use`),
      ]);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('exits 3 naming the variable when a secret is not set', async () => {
    const result = await run(['listen', 'github']);
    expect([result.code, result.stderr]).toEqual([
      3,
      expect.stringContaining('GITHUB_WEBHOOK_SECRET is not set'),
    ]);
  });

  it('has its own help', async () => {
    const help = await run(['listen', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--forward-to url')]);
    expect((await run(['--help'])).stdout).toContain('hookguard listen <provider>…');
  });
});

describe('the @hookguard/cli tarball', () => {
  it('ships the inspector page with the command', async () => {
    const execute = promisify(execFile);
    const cwd = new URL('..', import.meta.url).pathname;
    const { stdout } = await execute('pnpm', ['pack', '--json', '--pack-destination', dir], {
      cwd,
    });
    const { filename } = JSON.parse(stdout) as { filename: string };
    const listing = (await execute('tar', ['-tzf', filename])).stdout.split('\n');
    expect(listing).toEqual(
      expect.arrayContaining([
        'package/dist/cli.js',
        'package/inspector/index.html',
        'package/inspector/inspector.css',
        'package/inspector/inspector.js',
      ]),
    );
  }, 60_000);
});
