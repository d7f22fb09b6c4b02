/**
 * The HTTP server behind `na64 display`: the built display app at `/` and one dataset under
 * `/data/`, both through serve-static (Range and HEAD support, conditional GET). Nothing outside
 * those two directories is ever served: `..` and encoded traversal are refused, and every file's
 * real path (symlinks resolved) must lie inside its root.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import serveStatic from 'serve-static';

export interface DisplayServerOptions {
  /** Directory of the built app (index.html + assets). */
  appDir: string;
  /** Dataset directory served under `/data/`. */
  datasetDir: string;
  /** Interface to bind; default 127.0.0.1 (local only). */
  host?: string;
  /** Port; 0 picks a free one. */
  port?: number;
}

export interface DisplayServer {
  /** Base URL, e.g. http://127.0.0.1:5173/ */
  url: string;
  /** The app URL showing the dataset. */
  appUrl: string;
  /** URL of the dataset root. */
  dataUrl: string;
  port: number;
  close(): Promise<void>;
}

export const DATA_PREFIX = '/data/';

function refuse(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(`${text}\n`);
}

/**
 * The file a request path names under `root`, or undefined when the path tries to leave it
 * (`..` segments, encoded or not, backslashes, NUL) or resolves (through symlinks) outside it.
 */
export async function resolveInside(root: string, urlPath: string): Promise<{ ok: true; file: string } | { ok: false; status: number }> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return { ok: false, status: 403 };
  const rootReal = await realpath(root);
  const file = [rootReal, ...segments.filter((s) => s && s !== '.')].join(sep);
  const real = await realpath(file).catch(() => undefined);
  if (real === undefined) return { ok: true, file }; // missing: serve-static answers 404
  if (real !== rootReal && !real.startsWith(rootReal + sep)) return { ok: false, status: 403 };
  return { ok: true, file: real };
}

export async function startDisplayServer(options: DisplayServerOptions): Promise<DisplayServer> {
  for (const [what, dir] of [['display app', options.appDir], ['dataset', options.datasetDir]] as const) {
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new Error(`${what} directory ${dir} does not exist`);
  }
  const app = serveStatic(options.appDir, { index: ['index.html'], dotfiles: 'deny', fallthrough: false });
  const data = serveStatic(options.datasetDir, {
    index: false,
    dotfiles: 'deny',
    fallthrough: false,
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return refuse(res, 405, 'method not allowed');
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = (req.url ?? '/').split('?')[0];
    const isData = raw === '/data' || raw.startsWith(DATA_PREFIX);
    const root = isData ? options.datasetDir : options.appDir;
    const rel = isData ? raw.slice(DATA_PREFIX.length - 1) : raw;
    const check = await resolveInside(root, rel);
    if (!check.ok) return refuse(res, check.status, check.status === 403 ? 'forbidden' : 'bad request');
    // Hand serve-static the request with the prefix stripped.
    const original = req.url;
    req.url = `${rel}${url.search}`;
    const done = (err?: { status?: number; statusCode?: number }) => {
      req.url = original;
      if (err) refuse(res, err.status ?? err.statusCode ?? 500, err.status === 404 || err.statusCode === 404 ? 'not found' : 'error');
    };
    (isData ? data : app)(req, res, done);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => refuse(res, 500, 'error'));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const base = `http://${shownHost}:${port}/`;
  return {
    url: base,
    appUrl: `${base}?data=${DATA_PREFIX}`,
    dataUrl: `${base}${DATA_PREFIX.slice(1)}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
