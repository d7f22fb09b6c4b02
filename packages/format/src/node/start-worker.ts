import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this toolkit. A compiled .js module starts directly. A
 * TypeScript source (running from the workspace) is loaded as an ES module through tsx's module
 * hooks registered inside the worker. (tsx's CommonJS hooks start ~0.15 s of CPU sooner, but
 * the CommonJS form of the sources reaches every imported binding through a getter, which made a
 * simulation worker run at half the speed of the main thread.)
 */
export function startWorker(url: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const code = `import(${JSON.stringify(tsxModuleHooks())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { ...options, eval: true });
}

let hooksUrl: string | undefined;

/** URL of tsx's ES module API (its `register()` installs the TypeScript loader in this thread). */
function tsxModuleHooks(): string {
  if (hooksUrl) return hooksUrl;
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const entry = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api'].import.default;
  hooksUrl = pathToFileURL(join(dirname(manifest), entry)).href;
  return hooksUrl;
}

/**
 * The module `name` next to the calling module: its TypeScript source when the caller runs from
 * the sources (the workspace), the compiled .js when the caller is compiled (a published build).
 */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}
