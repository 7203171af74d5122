import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchFunction } from '../../src/keys/key-fetch.js';

/** One request the key server received, body read whole (key requests are small). */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, as the client sent them. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How one response ended: `finished` is false when the client closed the connection first. */
export interface ClosedResponse {
  readonly finished: boolean;
  readonly bytesWritten: number;
}

/** Answers one request; `written` counts the body bytes it sends (for the size tests). */
export type KeyHandler = (
  request: ReceivedRequest,
  response: ServerResponse,
  written: { bytes: number },
) => void;

/**
 * A vendor's key server played by `node:http` on 127.0.0.1 (a free port), recording what
 * reached it and how each response ended.
 */
export interface KeyServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly requests: ReceivedRequest[];
  readonly closed: ClosedResponse[];
  /** The URLs hookguard handed to {@link KeyServer.fetch}, as it passed them. */
  readonly fetched: string[];
  /**
   * What the `fetch` option is for: the global fetch, with the checked https URL's origin
   * replaced by this server's (path and query kept). Only a URL that passed the allow-list
   * ever gets here.
   */
  readonly fetch: FetchFunction;
  /** Resolves once `count` responses have ended, however they ended. */
  closedCount(count: number): Promise<ClosedResponse[]>;
  close(): Promise<void>;
}

// Taken at load: a test may replace the global fetch with this server's `fetch`.
const globalFetch = globalThis.fetch;

export async function startKeyServer(handle: KeyHandler): Promise<KeyServer> {
  const requests: ReceivedRequest[] = [];
  const closed: ClosedResponse[] = [];
  const fetched: string[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const received: ReceivedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const written = { bytes: 0 };
      response.on('close', () => {
        closed.push({ finished: response.writableFinished, bytesWritten: written.bytes });
        for (const wake of waiters.splice(0)) wake();
      });
      handle(received, response, written);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    requests,
    closed,
    fetched,
    fetch: (input, init) => {
      fetched.push(input);
      const { pathname, search } = new URL(input);
      return globalFetch(`${origin}${pathname}${search}`, init);
    },
    async closedCount(count) {
      while (closed.length < count) await new Promise<void>((wake) => waiters.push(wake));
      return closed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `total` bytes of `x` in 64 KiB chunks, only as fast as the client reads them. */
export function writeLazily(
  response: ServerResponse,
  total: number,
  written: { bytes: number },
): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const pump = () => {
    while (written.bytes < total && !response.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - written.bytes));
      written.bytes += piece.length;
      if (!response.write(piece)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
}

/** A handler that answers every request with `status`, `body` and `headers`. */
export function answer(
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): KeyHandler {
  return (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };
}

/**
 * Key servers for one test file: `serve` starts one, `closeAll` (in `afterEach`) stops every
 * one started since.
 */
export function keyServers(): {
  serve(handle: KeyHandler): Promise<KeyServer>;
  closeAll(): Promise<void>;
} {
  const started: KeyServer[] = [];
  return {
    async serve(handle) {
      const server = await startKeyServer(handle);
      started.push(server);
      return server;
    },
    async closeAll() {
      await Promise.all(started.splice(0).map((server) => server.close()));
    },
  };
}
