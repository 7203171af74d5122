import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cashfree, stripe, verify } from '@hookguard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These tests run the built binary, as a user would (`pnpm test` builds first).
const BIN = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'hookguard-cli-'));

function run(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
  bin = BIN,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      // From another directory, so nothing the binary reads may depend on where it is run.
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const ETHOCA_EXAMPLE = readFileSync(
  new URL('../../../test/vectors/ethoca-example.txt', import.meta.url),
  'utf8',
);
function ethocaCapture(signature: string, lineEnd = '\r\n'): string {
  const body = ETHOCA_EXAMPLE.split('\n')[2] as string;
  const head = [
    'POST /api/orders HTTP/1.1',
    'Host: merchant.com',
    'Content-Type: application/json',
    'X-Eth-Date: 2017-06-19T13:18:18Z',
    `Authorization: ETHOCA-SHA1 KeyRef=k1,Signature=${signature}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return `${head.join(lineEnd)}${lineEnd}${lineEnd}${body}`;
}
const ETHOCA_ENV = {
  ETHOCA_KEYS: 'k1:weing1phojieRaht',
  ETHOCA_PUBLIC_URL: 'https://merchant.com',
};

describe('hookguard --help', () => {
  it('documents --version, send --timeout and exit code 5', async () => {
    expect((await run(['--help'])).stdout).toMatch(
      /hookguard --version[\s\S]*5 send got no answer/,
    );
    expect((await run(['send', '--help'])).stdout).toContain('--timeout seconds');
  });

  it('lists the commands and exit codes, and each command has its own help', async () => {
    const main = await run(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(
      /hookguard sign <provider>[\s\S]*hookguard send[\s\S]*hookguard explain[\s\S]*Exit codes/,
    );
    for (const command of ['sign', 'send', 'explain', 'providers']) {
      const help = await run([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`hookguard ${command}`);
    }
  });

  it('answers a usage error with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    const unknown = await run(['sign', 'acme']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      expect.stringContaining('unknown provider "acme"'),
    ]);
  });
});

describe('hookguard flags', () => {
  it('refuses a flag the command does not take, naming the command that does', async () => {
    const result = await run(['sign', 'stripe', '--timeout', '5'], {
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'hookguard: --timeout is a flag of hookguard send, not of hookguard sign.\nSee hookguard sign --help.\n',
    );
  });

  it('suggests the closest flag of the command for a misspelt one', async () => {
    const result = await run(['sign', 'stripe', '--jsno'], { STRIPE_WEBHOOK_SECRET: 'whsec_x' });
    expect([result.code, result.stderr]).toEqual([
      2,
      'hookguard: unknown flag --jsno for hookguard sign.\nDid you mean --json? See hookguard sign --help.\n',
    ]);
  });

  it('refuses a missing value, a value for a flag that takes none, an argument too many, and a flag in the wrong place', async () => {
    const env = { STRIPE_WEBHOOK_SECRET: 'whsec_x' };
    const cases: [string[], string][] = [
      [['sign', 'stripe', '--body'], '--body needs a value.'],
      [
        ['sign', 'stripe', '--body', '--json'],
        '--body needs a value, and --json looks like a flag',
      ],
      [['sign', 'stripe', '--json=yes'], '--json takes no value.'],
      [
        ['sign', 'stripe', 'event.json'],
        'sign takes only <provider>; "event.json" is one too many.',
      ],
      [
        ['providers', '--secret-env', 'X'],
        '--secret-env is a flag of hookguard sign, send and explain',
      ],
      [['sign', '--version'], '--version goes before the command'],
      [['sign', 'stripe', '--customer', 'cus_1'], 'stripe takes no --customer.'],
    ];
    for (const [args, message] of cases) {
      const result = await run(args, env);
      expect([result.code, result.stdout, result.stderr], args.join(' ')).toEqual([
        2,
        '',
        expect.stringContaining(`hookguard: ${message}`),
      ]);
    }
  });

  it('keeps --name=value, repeated flags and -h', async () => {
    const signed = await run(
      ['sign', 'stripe', '--json', '--header=x-a=1', '--header', 'x-b=2', '--url=http://h/p'],
      { STRIPE_WEBHOOK_SECRET: 'whsec_x' },
    );
    expect(signed.code).toBe(0);
    expect(JSON.parse(signed.stdout)).toMatchObject({
      url: 'http://h/p',
      headers: { 'x-a': '1', 'x-b': '2' },
    });
    const help = await run(['explain', '-h']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('hookguard explain')]);
  });
});

describe('hookguard sign', () => {
  it('prints what the vendor would send, and a curl command, which verifies', async () => {
    writeFileSync(join(dir, 'event.json'), '{"type":"PAYMENT_SUCCESS_WEBHOOK"}');
    const text = await run(['sign', 'cashfree.webhook', '--body', join(dir, 'event.json')], {
      CASHFREE_CLIENT_SECRET: 'cli-secret',
    });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/x-webhook-signature: \S+/);
    expect(text.stdout).toMatch(/curl -X POST 'http:\/\/127\.0\.0\.1:3000\/webhooks\/cashfree'/);
    expect(text.stdout).not.toContain('cli-secret');
    const json = JSON.parse(
      (
        await run(['sign', 'cashfree.webhook', '--body', join(dir, 'event.json'), '--json'], {
          CASHFREE_CLIENT_SECRET: 'cli-secret',
        })
      ).stdout,
    );
    await expect(
      verify(cashfree.webhook({ secret: 'cli-secret' }), {
        method: json.method,
        url: '/',
        headers: json.headers,
        body: json.body,
      }),
    ).resolves.toMatchObject({ payload: { type: 'PAYMENT_SUCCESS_WEBHOOK' } });
  });

  it('reads the secret from another variable with --secret-env, and never from argv', async () => {
    const other = await run(['sign', 'stripe', '--secret-env', 'MY_STRIPE', '--json'], {
      MY_STRIPE: 'whsec_cli',
    });
    expect(other.code).toBe(0);
    const missing = await run(['sign', 'stripe']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(
      /STRIPE_WEBHOOK_SECRET is not set[\s\S]*never read from the command line/,
    );
    const argv = await run(['sign', 'stripe', '--secret', 'whsec_x']);
    expect([argv.code, argv.stderr]).toEqual([
      2,
      expect.stringContaining('--secret: secrets are never read from the command line'),
    ]);
  });

  it('refuses a URL with credentials as a flag (ps shows argv), and takes it from the environment', async () => {
    const url = 'https://twilio:hunter2@merchant.example/hooks';
    const flagged = await run(['sign', 'twilio', '--public-url', url], {
      TWILIO_AUTH_TOKEN: 'token_cli',
    });
    expect(flagged.code).toBe(3);
    expect(flagged.stderr).toContain(
      '--public-url holds a URL with credentials, which ps would show: export TWILIO_PUBLIC_URL instead.',
    );
    expect(flagged.stderr).not.toContain('hunter2');
    const fromEnv = await run(['sign', 'twilio', '--json'], {
      TWILIO_AUTH_TOKEN: 'token_cli',
      TWILIO_PUBLIC_URL: url,
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
  });

  it('signs a UiCheck widget token, and refuses without a customer', async () => {
    const env = { UICHECK_ID: 'your_uicheck_id', UICHECK_SECRET: 'your_uicheck_secret' };
    const token = await run(['sign', 'uicheck', '--customer', 'cus_12345678'], env);
    expect(token.stdout.trim()).toBe(
      '3a0656fc87468dedcb119ada93d5c787ef4cbf5fbd38ea3599d3da5d87f7ec2c',
    );
    expect((await run(['sign', 'uicheck'], env)).code).toBe(2);
  });

  it('puts the Smile ID pair into the JSON body', async () => {
    const out = JSON.parse(
      (await run(['sign', 'smile-id', '--partner-id', '085', '--json'], { SMILE_ID_API_KEY: 'k' }))
        .stdout,
    );
    expect(JSON.parse(out.body)).toMatchObject({
      signature: expect.any(String),
      timestamp: expect.any(String),
    });
  });
});

describe('hookguard explain', () => {
  it("reproduces Ethoca's worked example: both the 27- and the 38-character value", async () => {
    writeFileSync(
      join(dir, 'ethoca.http'),
      ethocaCapture('blJKZStXSWQvZCtYVmNYL29zbXNoVGZ3YzZVPQ'),
    );
    const result = await run(
      ['explain', 'ethoca', '--request', join(dir, 'ethoca.http'), '--now', '2017-06-19T13:18:30Z'],
      ETHOCA_ENV,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('verdict: accepted (key "k1")');
    expect(result.stdout).toContain('9d125ef9621dfddf9755c5ffa2c9ac8537f073a5');
    expect(result.stdout).toContain('nRJe-WId_d-XVcX_osmshTfwc6U');
    expect(result.stdout).toContain('blJKZStXSWQvZCtYVmNYL29zbXNoVGZ3YzZVPQ');
    expect(result.stdout).toContain('merchant.com\\n');
  });

  it('reads LF-only captures, names the failed check, and exits 1', async () => {
    writeFileSync(join(dir, 'ethoca-bad.http'), ethocaCapture('AAAAAAAAAAAAAAAAAAAAAAAAAAA', '\n'));
    const result = await run(
      [
        'explain',
        'ethoca',
        '--request',
        join(dir, 'ethoca-bad.http'),
        '--now',
        '2017-06-19T13:18:30Z',
        '--json',
      ],
      ETHOCA_ENV,
    );
    expect(result.code).toBe(1);
    const explanation = JSON.parse(result.stdout);
    expect(explanation.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
    expect(explanation.keys[0].revealed).toBe(false);
    expect(result.stdout).not.toContain('nRJe-WId_d-XVcX_osmshTfwc6U');
  });

  it('decodes a chunked capture, read from standard input', async () => {
    const body = '{"type":"PAYMENT_SUCCESS_WEBHOOK"}';
    const signed = JSON.parse(
      (
        await run(
          ['sign', 'cashfree.webhook', '--json'],
          { CASHFREE_CLIENT_SECRET: 's' },
          undefined,
        )
      ).stdout,
    );
    const headers = Object.entries(signed.headers as Record<string, string>)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n');
    const chunks = `${body.slice(0, 10).length.toString(16)}\r\n${body.slice(0, 10)}\r\n${(body.length - 10).toString(16)}\r\n${body.slice(10)}\r\n0\r\n\r\n`;
    const resigned = JSON.parse(
      (
        await run(
          ['sign', 'cashfree.webhook', '--json', '--body', '-'],
          { CASHFREE_CLIENT_SECRET: 's' },
          body,
        )
      ).stdout,
    );
    const capture = `POST /webhooks/cashfree HTTP/1.1\r\n${Object.entries(
      resigned.headers as Record<string, string>,
    )
      .map(([n, v]) => `${n}: ${v}`)
      .join('\r\n')}\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`;
    const result = await run(
      ['explain', 'cashfree.webhook', '--request', '-'],
      { CASHFREE_CLIENT_SECRET: 's' },
      capture,
    );
    expect(headers).toContain('x-webhook-signature');
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("names a vendor handshake and the answer the adapters send: Braintree's GET challenge", async () => {
    // The braintree SDK's own keys and challenge vector (webhook_notification_gateway_spec.js).
    writeFileSync(
      join(dir, 'braintree-challenge.http'),
      'GET /webhooks/braintree?bt_challenge=20f9f8ed05f77439fe955c977e4c8a53 HTTP/1.1\r\nHost: merchant.example\r\n\r\n',
    );
    const result = await run(
      [
        'explain',
        'braintree',
        '--request',
        join(dir, 'braintree-challenge.http'),
        '--public-key',
        'integration_public_key',
      ],
      { BRAINTREE_PRIVATE_KEY: 'integration_private_key' },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('verdict: answered as the handshake braintree.challenge');
    expect(result.stdout).toContain(
      'answered 200: integration_public_key|d9b899556c966b3f06945ec21311865d35df3ce4',
    );
    expect(result.stdout).not.toContain('integration_private_key');
  });

  it('refuses a capture that is not an HTTP request', async () => {
    writeFileSync(join(dir, 'junk.http'), 'hello\n\nworld');
    const result = await run(['explain', 'stripe', '--request', join(dir, 'junk.http')], {
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
    });
    expect([result.code, result.stderr]).toEqual([
      2,
      expect.stringContaining('not an HTTP request line'),
    ]);
  });
});

describe('hookguard send', () => {
  let server: Server;
  let url = '';
  const received: { headers: Record<string, unknown>; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', async () => {
        received.push({ headers: req.headers, body });
        const ok = await verify(stripe({ secret: 'whsec_send' }), {
          method: req.method as string,
          url: req.url as string,
          headers: req.headers,
          body,
        }).then(
          () => true,
          () => false,
        );
        res
          .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/stripe`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends a signed test callback and prints the answer', async () => {
    const result = await run(['send', 'stripe', url], { STRIPE_WEBHOOK_SECRET: 'whsec_send' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/→ 200 OK\n\{"ok":true\}/);
    expect(received.at(-1)?.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('exits 1 when the endpoint refuses, and 4 when it cannot be reached', async () => {
    expect(
      (await run(['send', 'stripe', url], { STRIPE_WEBHOOK_SECRET: 'whsec_wrong' })).code,
    ).toBe(1);
    expect(
      (
        await run(['send', 'stripe', 'http://127.0.0.1:1/x'], {
          STRIPE_WEBHOOK_SECRET: 'whsec_send',
        })
      ).code,
    ).toBe(4);
    expect((await run(['send', 'stripe'], { STRIPE_WEBHOOK_SECRET: 'whsec_send' })).code).toBe(2);
  });
});

describe('hookguard send --timeout', () => {
  it('refuses a timeout that is not a number of seconds above 0', async () => {
    for (const value of ['0', 'abc', '--timeout=-1', '1e3', '']) {
      const args = value.startsWith('--') ? [value] : ['--timeout', value];
      const result = await run(['send', 'stripe', 'http://127.0.0.1:9/x', ...args], {
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
      });
      expect([result.code, result.stderr], value).toEqual([
        2,
        expect.stringContaining('--timeout takes a number of seconds above 0'),
      ]);
    }
  });

  it('gives up with exit code 5 when the head comes but the body stalls', async () => {
    const sockets: Socket[] = [];
    const stalling = createTcpServer((socket) => {
      sockets.push(socket);
      socket.once('data', () =>
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"ok":'),
      );
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(stalling.address() as { port: number }).port}/hook`;
    try {
      const result = await run(['send', 'stripe', url, '--timeout=0.5'], {
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
      });
      expect([result.code, result.stderr]).toEqual([
        5,
        expect.stringContaining(`${url} answered 200 but not all of its body came within 0.5 s`),
      ]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => stalling.close(() => resolve()));
    }
  }, 20_000);
});

describe('hookguard providers', () => {
  it('lists every provider with where its secrets come from', async () => {
    const result = await run(['providers']);
    expect(result.stdout).toMatch(/^stripe\s+\$STRIPE_WEBHOOK_SECRET/m);
    const list = JSON.parse((await run(['providers', '--json'])).stdout) as { name: string }[];
    expect(list.map((p) => p.name)).toEqual(
      expect.arrayContaining(['cashfree.webhook', 'ethoca', 'twilio', 'flutterwave', 'uicheck']),
    );
    // The catalog's family, docs page and oracle, so a script can pick providers by them.
    expect(list.find((p) => p.name === 'stripe')).toMatchObject({
      family: 'hmac',
      docs: 'https://docs.stripe.com/webhooks#verify-manually',
      oracle: { kind: 'sdk', package: 'stripe' },
    });
    expect(list.find((p) => p.name === 'checkout')).toMatchObject({ oracle: { kind: 'none' } });
  });
});

describe('exit codes: one test for each row of the table in the README and --help', () => {
  const PACKAGE_VERSION = (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
  const sockets: Socket[] = [];
  // Accepts connections and never writes a byte: a server that is stuck.
  const silent = createTcpServer((socket) => {
    sockets.push(socket);
  });
  let silentUrl = '';
  let closedUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}/hook`;
    // A port nobody listens on: listen, note it, close.
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(closed.address() as { port: number }).port}/hook`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('0: hookguard --version prints the version in package.json, also through a .bin link', async () => {
    expect(PACKAGE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    const version = await run(['--version']);
    expect([version.code, version.stdout, version.stderr]).toEqual([0, `${PACKAGE_VERSION}\n`, '']);
    expect((await run(['-v'])).stdout).toBe(`${PACKAGE_VERSION}\n`);
    // As npm and npx install it: node_modules/.bin/hookguard, a link to dist/cli.js.
    const bin = join(dir, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(BIN, join(bin, 'hookguard'));
    const linked = await run(['--version'], {}, undefined, join(bin, 'hookguard'));
    expect([linked.code, linked.stdout]).toEqual([0, `${PACKAGE_VERSION}\n`]);
  });

  it('1: explain refuses a capture that was not validly signed', async () => {
    writeFileSync(join(dir, 'forged.http'), ethocaCapture('AAAAAAAAAAAAAAAAAAAAAAAAAAA'));
    const result = await run(
      ['explain', 'ethoca', '--request', join(dir, 'forged.http'), '--now', '2017-06-19T13:18:30Z'],
      ETHOCA_ENV,
    );
    expect([result.code, result.stdout]).toEqual([
      1,
      expect.stringContaining('verdict: invalid_signature'),
    ]);
  });

  it('2: hookguard --bdy x names the unknown flag and suggests --body', async () => {
    const result = await run(['--bdy', 'x']);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      2,
      '',
      'hookguard: unknown flag --bdy.\nDid you mean --body, a flag of hookguard sign and send? See hookguard --help.\n',
    ]);
    // The bug this replaces: a misspelt --body signed {} and exited 0.
    const signed = await run(['sign', 'stripe', '--bdy', 'event.json'], {
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
    });
    expect([signed.code, signed.stdout, signed.stderr]).toEqual([
      2,
      '',
      'hookguard: unknown flag --bdy for hookguard sign.\nDid you mean --body? See hookguard sign --help.\n',
    ]);
  });

  it('3: a secret that is not set', async () => {
    const result = await run(['sign', 'github']);
    expect([result.code, result.stderr]).toEqual([
      3,
      expect.stringContaining('GITHUB_WEBHOOK_SECRET is not set'),
    ]);
  });

  it('4: send cannot connect (nothing listens on the port)', async () => {
    const result = await run(['send', 'stripe', closedUrl], { STRIPE_WEBHOOK_SECRET: 'whsec_x' });
    expect([result.code, result.stderr]).toEqual([
      4,
      expect.stringContaining(`hookguard: could not reach ${closedUrl}`),
    ]);
  });

  it('5: send gives up on a server that accepts and never answers, after --timeout 1', async () => {
    const result = await run(['send', 'stripe', silentUrl, '--timeout', '1'], {
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
    });
    expect(sockets.length).toBeGreaterThan(0);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      5,
      '',
      expect.stringContaining(`hookguard: no answer from ${silentUrl} within 1 s.\n`),
    ]);
  }, 20_000);
});
