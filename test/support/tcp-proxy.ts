import { connect, createServer, type Socket } from 'node:net';

/** Where a {@link TcpProxy} forwards to. */
export interface TcpProxyTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * A TCP proxy on a free loopback port, for fault tests: it forwards to a target, and the
 * test decides at run time what the network does. Every mode applies to both directions
 * and to connections already open.
 */
export interface TcpProxy {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Bytes accepted from either side and not yet forwarded (held by `freeze` or `delay`). */
  readonly heldBytes: number;
  /** Connections open through the proxy right now. */
  readonly connections: number;
  /** Forwards everything at once again, delivering what was held first, in order. */
  pass(): void;
  /** Forwards each chunk `ms` after it arrived, in order. */
  delay(ms: number): void;
  /** Holds every byte in both directions (connections stay open) until `pass()`. */
  freeze(): void;
  /** Resets every connection and every new one, until `pass()`. */
  drop(): void;
  /** Resets every connection and stops listening. */
  close(): Promise<void>;
}

/** Both sockets of one proxied connection and the two directions between them. */
interface Link {
  readonly sockets: readonly Socket[];
  readonly pipes: readonly Pipe[];
}

type Mode = { readonly kind: 'pass' | 'freeze' | 'drop' } | { readonly kind: 'delay'; ms: number };

/** One direction of one connection: chunks queue here until the mode lets them through. */
class Pipe {
  private readonly queue: { readonly chunk: Buffer; readonly at: number }[] = [];
  private ended = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly to: Socket,
    private readonly proxy: { mode: Mode; held: number },
  ) {}

  push(chunk: Buffer): void {
    const { mode } = this.proxy;
    this.queue.push({ chunk, at: Date.now() + (mode.kind === 'delay' ? mode.ms : 0) });
    this.proxy.held += chunk.length;
    this.pump();
  }

  /** The source ended: end the other side once everything before it is forwarded. */
  end(): void {
    this.ended = true;
    this.pump();
  }

  /** Forwards what is due, unless frozen; with `now`, everything queued is due. */
  pump(now = false): void {
    if (this.proxy.mode.kind === 'freeze' || this.to.destroyed) return;
    clearTimeout(this.timer);
    while (this.queue.length > 0) {
      const head = this.queue[0] as { chunk: Buffer; at: number };
      const wait = head.at - Date.now();
      if (wait > 0 && !now) {
        this.timer = setTimeout(() => this.pump(), wait);
        return;
      }
      this.queue.shift();
      this.proxy.held -= head.chunk.length;
      this.to.write(head.chunk);
    }
    if (this.ended) this.to.end();
  }

  discard(): void {
    clearTimeout(this.timer);
    for (const { chunk } of this.queue.splice(0)) this.proxy.held -= chunk.length;
  }
}

/**
 * Starts a proxy to `target` on a free port of 127.0.0.1, forwarding (`pass`) at first.
 *
 * @example
 * ```ts
 * const proxy = await startTcpProxy({ host: '127.0.0.1', port: redisPort });
 * const store = await RedisReplayStore.connect(`redis://127.0.0.1:${proxy.port}`);
 * proxy.drop(); // every call now fails at once…
 * proxy.pass(); // …until the network is back
 * ```
 */
export async function startTcpProxy(target: TcpProxyTarget): Promise<TcpProxy> {
  const state: { mode: Mode; held: number } = { mode: { kind: 'pass' }, held: 0 };
  const links = new Set<Link>();

  const reset = (link: Link) => {
    for (const pipe of link.pipes) pipe.discard();
    // An RST, as a failing network gives, rather than a polite FIN.
    for (const socket of link.sockets) if (!socket.destroyed) socket.resetAndDestroy();
    links.delete(link);
  };

  // Half-open sockets, so that a FIN is forwarded in its turn after the data held before it.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    if (state.mode.kind === 'drop') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ port: target.port, host: target.host, allowHalfOpen: true });
    const toUpstream = new Pipe(upstream, state);
    const toClient = new Pipe(client, state);
    const link: Link = { sockets: [client, upstream], pipes: [toUpstream, toClient] };
    links.add(link);
    client.on('data', (chunk: Buffer) => toUpstream.push(chunk));
    upstream.on('data', (chunk: Buffer) => toClient.push(chunk));
    client.on('end', () => toUpstream.end());
    upstream.on('end', () => toClient.end());
    for (const socket of link.sockets) {
      // A reset or a refused upstream takes the whole connection down, as a network would.
      socket.on('error', () => reset(link));
      socket.on('close', () => {
        if (link.sockets.every((each) => each.destroyed)) reset(link);
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  const pumpAll = (now: boolean) => {
    for (const link of links) for (const pipe of link.pipes) pipe.pump(now);
  };
  return {
    host: '127.0.0.1',
    port: (server.address() as { port: number }).port,
    get heldBytes() {
      return state.held;
    },
    get connections() {
      return links.size;
    },
    pass() {
      state.mode = { kind: 'pass' };
      pumpAll(true);
    },
    delay(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError('delay(ms) takes ms ≥ 0');
      state.mode = { kind: 'delay', ms };
      // Chunks held by a freeze are due at once; delayed ones keep the time they were given.
      pumpAll(false);
    },
    freeze() {
      state.mode = { kind: 'freeze' };
    },
    drop() {
      state.mode = { kind: 'drop' };
      for (const link of [...links]) reset(link);
    },
    async close() {
      state.mode = { kind: 'drop' };
      for (const link of [...links]) reset(link);
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
