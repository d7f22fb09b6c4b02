import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this toolkit. A compiled .js module starts directly. A
 * TypeScript source (running from the workspace) is loaded through tsx's CommonJS hooks
 * registered inside the worker: they transform in the worker's own thread, which costs about a
 * second of CPU less per worker than the ES module hooks (whose loader answers every import by
 * message from another thread). The module is required, so it must not use top-level await.
 */
export function startWorker(url: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const api = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(fileURLToPath(url))});`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * The module `name` next to the calling module: its TypeScript source when the caller runs from
 * the sources (the workspace), the compiled .js when the caller is compiled (a published build).
 */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}
