import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/redis-server.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

/** A target that records what it receives and lets the test answer on each connection. */
interface Target {
  readonly port: number;
  readonly sockets: Socket[];
  received: string;
  ended: boolean;
  close(): Promise<void>;
}

async function startTarget(): Promise<Target> {
  const target = { sockets: [] as Socket[], received: '', ended: false } as Target & {
    server: Server;
  };
  const server = createServer((socket) => {
    target.sockets.push(socket);
    socket.on('data', (chunk: Buffer) => {
      target.received += chunk.toString();
    });
    socket.on('end', () => {
      target.ended = true;
      socket.end();
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(target, {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const socket of target.sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

/** A client connection through the proxy, recording what comes back and how it ended. */
function dial(proxy: TcpProxy) {
  const socket = connect(proxy.port, proxy.host);
  const seen = { received: '', closed: false, error: undefined as string | undefined, socket };
  socket.on('data', (chunk: Buffer) => {
    seen.received += chunk.toString();
  });
  socket.on('error', (error: NodeJS.ErrnoException) => {
    seen.error = error.code;
  });
  socket.on('close', () => {
    seen.closed = true;
  });
  return seen;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((step) => step()));
});

async function setup(): Promise<{ proxy: TcpProxy; target: Target }> {
  const target = await startTarget();
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: target.port });
  cleanup.push(
    () => proxy.close(),
    () => target.close(),
  );
  return { proxy, target };
}

describe('TCP proxy for fault tests', () => {
  it('forwards bytes both ways while passing', async () => {
    const { proxy, target } = await setup();
    const client = dial(proxy);
    client.socket.write('ping');
    await eventually(async () => target.received === 'ping', 'bytes reaching the target');
    target.sockets[0]?.write('pong');
    await eventually(async () => client.received === 'pong', 'bytes reaching the client');
    expect(proxy.connections).toBe(1);
  });

  it('freeze() holds every byte and the FIN in both directions until pass(), then delivers them in order', async () => {
    const { proxy, target } = await setup();
    const client = dial(proxy);
    client.socket.write('hello ');
    await eventually(async () => target.received === 'hello ', 'the first bytes');

    proxy.freeze();
    client.socket.write('up');
    client.socket.end('!');
    target.sockets[0]?.write('down');
    await eventually(async () => proxy.heldBytes === 7, 'the proxy holding both directions');
    // Held by the proxy, so neither side can have them yet.
    expect(target.received).toBe('hello ');
    expect(target.ended).toBe(false);
    expect(client.received).toBe('');

    proxy.pass();
    await eventually(async () => target.ended && client.closed, 'delivery and close after pass()');
    expect(target.received).toBe('hello up!');
    expect(client.received).toBe('down');
    expect(proxy.heldBytes).toBe(0);
  });

  it('delay(ms) holds each chunk ms in each direction, in order', async () => {
    const { proxy, target } = await setup();
    const client = dial(proxy);
    client.socket.write('warm');
    await eventually(async () => target.received === 'warm', 'the connection being up');

    const delayMs = 150;
    proxy.delay(delayMs);
    const started = performance.now();
    for (const chunk of ['a', 'b', 'c']) client.socket.write(chunk);
    await eventually(async () => target.received === 'warmabc', 'the delayed chunks');
    target.sockets[0]?.write('back');
    await eventually(async () => client.received === 'back', 'the delayed answer');
    // Timers may fire a millisecond early against performance.now().
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * delayMs - 5);
    expect(() => proxy.delay(-1)).toThrow(TypeError);
  });

  it('pass() delivers delayed chunks at once', async () => {
    const { proxy, target } = await setup();
    const client = dial(proxy);
    proxy.delay(600_000);
    client.socket.write('late');
    await eventually(async () => proxy.heldBytes === 4, 'the chunk being held');
    expect(target.received).toBe('');
    proxy.pass();
    await eventually(async () => target.received === 'late', 'the chunk after pass()');
  });

  it('drop() resets every open connection and every new one until pass()', async () => {
    const { proxy, target } = await setup();
    const before = dial(proxy);
    before.socket.write('x');
    await eventually(async () => target.received === 'x', 'the connection being up');

    proxy.drop();
    await eventually(async () => before.closed, 'the open connection being reset');
    expect(before.error).toBe('ECONNRESET');
    expect(proxy.connections).toBe(0);
    const during = dial(proxy);
    during.socket.write('y');
    await eventually(async () => during.closed, 'a new connection being reset');
    expect(target.received).toBe('x');

    proxy.pass();
    const after = dial(proxy);
    after.socket.write('z');
    await eventually(async () => target.received === 'xz', 'a connection after pass()');
  });

  it('takes the client connection down when the target refuses', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: await freePort() });
    cleanup.push(() => proxy.close());
    const client = dial(proxy);
    await eventually(async () => client.closed, 'the client connection closing');
    expect(proxy.connections).toBe(0);
  });

  it('close() resets connections and stops listening', async () => {
    const { proxy, target } = await setup();
    const client = dial(proxy);
    client.socket.write('x');
    await eventually(async () => target.received === 'x', 'the connection being up');
    await proxy.close();
    await eventually(async () => client.closed, 'the open connection being reset');
    const refused = dial(proxy);
    await eventually(async () => refused.closed, 'a connection after close()');
    expect(refused.error).toBe('ECONNREFUSED');
  });
});
