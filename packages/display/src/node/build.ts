/**
 * Node-only helpers around the browser app: where the built app lives, whether it is older than
 * its sources, and a programmatic Vite build (so `na64 display` works from a fresh clone).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (packages/display). */
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
/** Where the built app goes (gitignored). */
export const APP_DIR = join(PACKAGE_DIR, 'dist-app');

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** Sources the app is built from: this package's src and index.html, and @na64/format's src. */
function sourcePaths(): string[] {
  return [join(PACKAGE_DIR, 'src'), join(PACKAGE_DIR, 'index.html'), join(PACKAGE_DIR, 'vite.config.ts'), join(PACKAGE_DIR, '..', 'format', 'src')];
}

/** True when the built app is missing or older than any of its sources. */
export async function appIsStale(outDir = APP_DIR): Promise<boolean> {
  const built = await stat(join(outDir, 'index.html')).catch(() => undefined);
  if (!built) return true;
  let newest = 0;
  for (const p of sourcePaths()) newest = Math.max(newest, await newestMtime(p));
  return newest > built.mtimeMs;
}

/** Builds the app with Vite into `outDir` (default dist-app). */
export async function buildApp(options: { outDir?: string; quiet?: boolean } = {}): Promise<string> {
  const { build } = await import('vite');
  const outDir = options.outDir ?? APP_DIR;
  await build({
    configFile: join(PACKAGE_DIR, 'vite.config.ts'),
    root: PACKAGE_DIR,
    logLevel: options.quiet === false ? 'info' : 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
