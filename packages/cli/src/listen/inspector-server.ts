import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { handleClientError } from '@hookguard/core';
import {
  isWebhookVerificationError,
  readRequestHead,
  type WebhookVerificationError,
} from '@hookguard/core/adapter';
import type { Asset } from '../inspector-assets.js';
import type { DeliveryView } from './delivery.js';
import type { DeliveryLog } from './delivery-log.js';
import type { RawDelivery } from './forward.js';
import type { ListenedProvider } from './listened-provider.js';
import { readBody } from './read-body.js';
import { type Receiver, ResendError } from './receiver.js';
import type { Reply } from './reply.js';

/** A comment line on each event stream this often, so proxies and browsers keep it open. */
const HEARTBEAT_MS = 15_000;
/** The JSON API's request bodies are small: `{ "provider": "stripe" }`. */
const MAX_API_BODY_BYTES = 16 * 1024;

/**
 * What the page may load and do: its own files, its own event stream and API, nothing
 * inline (a delivery's body is text, never markup), no framing.
 */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** What the page is told when it connects: what is listened for, and where it goes. */
export interface ListenSetup {
  /** Changes each run, so a page that reconnects to a new run starts its list again. */
  readonly session: string;
  readonly version: string;
  readonly providers: readonly { id: string; title: string; route: string }[];
  readonly forwardTo: string | null;
}

export interface InspectorServerOptions {
  readonly providers: ReadonlyMap<string, ListenedProvider>;
  readonly receiver: Receiver;
  readonly log: DeliveryLog;
  readonly assets: ReadonlyMap<string, Asset>;
  readonly forwardTo: URL | undefined;
  readonly version: string;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...PAGE_HEADERS, ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8' });
}

function apiError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message: `[hookguard] listen: ${message}` } });
}

/**
 * A Host the page may be served under: `localhost` or an IP address, with any port. A name
 * that resolves here by DNS rebinding (a site's own name pointed at 127.0.0.1) is refused,
 * so another site's script cannot read the deliveries or press the buttons.
 */
function isLocalHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || isIP(name) !== 0;
}

/**
 * A request the page made: its Host is local, and a request that changes something comes
 * from the page's own origin as JSON (a form on another site can send neither, and a
 * script there cannot without a CORS preflight this server never answers).
 */
function fromThePage(req: IncomingMessage, changes: boolean): string | undefined {
  if (!isLocalHost(req.headers.host))
    return 'the inspector answers only on localhost or an IP address (this Host is neither).';
  if (!changes) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`)
    return `requests from ${origin} are refused: only the inspector page may send them.`;
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    return 'send JSON (Content-Type: application/json).';
  return undefined;
}

function readSmallJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_API_BODY_BYTES) {
        req.destroy();
        reject(new Error('the request body is too large.'));
      } else chunks.push(chunk);
    });
    req.once('end', () => {
      try {
        resolve(size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new Error('the request body is not JSON.'));
      }
    });
    req.once('error', reject);
  });
}

function writeReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, [...reply.rawHeaders] as unknown as Record<string, string>);
  res.end(reply.body);
}

/**
 * The server `hookguard listen` runs: the listened providers' webhook routes (any method,
 * so GET handshakes are answered), the inspector page at `/`, its event stream at
 * `/events`, and its JSON API under `/api/`.
 */
export function createInspectorServer(options: InspectorServerOptions): {
  server: Server;
  setup: ListenSetup;
  /** Ends the open event streams, so the server can close. */
  closeStreams(): void;
} {
  const { providers, receiver, log, assets, forwardTo } = options;
  const byRoute = new Map(
    [...providers.values()].map((listened) => [listened.entry.path, listened]),
  );
  const setup: ListenSetup = {
    session: randomUUID(),
    version: options.version,
    providers: [...providers.values()].map(({ entry }) => ({
      id: entry.name,
      title: entry.title,
      route: entry.path,
    })),
    forwardTo: forwardTo?.href ?? null,
  };
  const streams = new Set<ServerResponse>();

  async function onWebhook(
    listened: ListenedProvider,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const head = { method: req.method ?? 'GET', url: req.url ?? '/', rawHeaders: req.rawHeaders };
    let delivery: RawDelivery = { ...head, body: Buffer.alloc(0) };
    let unread: WebhookVerificationError | undefined;
    try {
      // As the adapters do: a wrong Content-Type is refused before a byte is read.
      readRequestHead(listened.scheme.mediaType, req.rawHeaders, listened.route.provider);
      delivery = {
        ...head,
        body: await readBody(req, listened.route.limit, listened.route.provider),
      };
    } catch (error) {
      if (!isWebhookVerificationError(error)) throw error;
      unread = error;
    }
    const { reply } = await receiver.receive(listened, delivery, 'received', unread);
    if (!res.destroyed) writeReply(res, reply);
  }

  function onEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...PAGE_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    const event = (name: string, data: unknown) =>
      res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    res.write('retry: 2000\n\n');
    event('setup', setup);
    for (const view of log.views()) event('delivery', view);
    const stop = log.subscribe((view: DeliveryView) => event('delivery', view));
    const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    streams.add(res);
    req.once('close', () => {
      stop();
      clearInterval(heartbeat);
      streams.delete(res);
    });
  }

  async function onApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const refused = fromThePage(req, method !== 'GET' && method !== 'HEAD');
    if (refused !== undefined) return apiError(res, 403, 'forbidden', refused);
    if (path === '/api/setup' && method === 'GET') return sendJson(res, 200, setup);
    if (path === '/api/deliveries' && method === 'GET')
      return sendJson(res, 200, { session: setup.session, deliveries: log.views() });
    const one = /^\/api\/deliveries\/(\d+)(\/resend)?$/.exec(path);
    if (one !== null && method === (one[2] === undefined ? 'GET' : 'POST')) {
      const id = Number(one[1]);
      if (one[2] === undefined) {
        const kept = log.get(id);
        return kept === undefined
          ? apiError(res, 404, 'not_found', `no delivery #${id} is kept (the last 500 are).`)
          : sendJson(res, 200, kept.view);
      }
      try {
        return sendJson(res, 200, await receiver.resend(id));
      } catch (error) {
        if (!(error instanceof ResendError)) throw error;
        return apiError(res, error.status, error.code, error.message);
      }
    }
    if (path === '/api/test-events' && method === 'POST') {
      let provider: unknown;
      try {
        provider = ((await readSmallJson(req)) as { provider?: unknown } | null)?.provider;
      } catch (error) {
        return apiError(res, 400, 'malformed_request', (error as Error).message);
      }
      const listened = typeof provider === 'string' ? providers.get(provider) : undefined;
      if (listened === undefined) {
        return apiError(
          res,
          400,
          'unknown_provider',
          `send { "provider": … }, one of the providers listened for: ${[...providers.keys()].join(', ')}.`,
        );
      }
      let delivery: RawDelivery;
      try {
        delivery = listened.testEvent(Date.now(), req.headers.host ?? '127.0.0.1');
      } catch (error) {
        return apiError(
          res,
          422,
          'cannot_sign',
          `${listened.entry.name} cannot sign a test event with these settings: ${listened.redactor.text((error as Error).message.replace('[hookguard] ', ''))}`,
        );
      }
      const { view } = await receiver.receive(listened, delivery, 'test-event');
      return sendJson(res, 200, view);
    }
    return apiError(res, 404, 'not_found', `no ${method} ${path} in the inspector's API.`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://listen.invalid');
    const listened = byRoute.get(url.pathname);
    if (listened !== undefined) return onWebhook(listened, req, res);
    const asset = assets.get(url.pathname);
    if (asset !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      const refused = fromThePage(req, false);
      if (refused !== undefined) return apiError(res, 403, 'forbidden', refused);
      return send(res, 200, asset.body, { 'Content-Type': asset.type });
    }
    if (url.pathname === '/events' && req.method === 'GET') {
      const refused = fromThePage(req, false);
      if (refused !== undefined) return apiError(res, 403, 'forbidden', refused);
      return onEvents(req, res);
    }
    if (url.pathname.startsWith('/api/')) return onApi(req, res, url.pathname);
    req.resume();
    const routes = [...byRoute.keys()].join(', ');
    return apiError(
      res,
      404,
      'not_found',
      `${req.method} ${url.pathname} is not a listened route: deliveries go to ${routes}; the inspector is at /.`,
    );
  }

  const server = createServer(function hookguardListen(req, res) {
    handle(req, res).catch((error: unknown) => {
      console.error(`hookguard listen: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent)
        apiError(res, 500, 'internal_error', 'an unexpected error; see the terminal.');
      else res.destroy();
    });
  });
  server.on('clientError', handleClientError);
  return {
    server,
    setup,
    closeStreams: () => {
      for (const stream of streams) stream.end();
    },
  };
}
