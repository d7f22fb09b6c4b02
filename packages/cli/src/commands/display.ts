import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { openDataset } from '@na64/format/node';
import { APP_DIR, appIsStale, buildApp } from '@na64/display/node';
import { startDisplayServer } from '../display-server/index.ts';
import { UserError } from '../user-error.ts';

interface DisplayArgs {
  dataset: string;
  port: number;
  host: string;
  open: boolean;
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`na64: could not open a browser; open ${url} yourself\n`));
  child.unref();
}

/**
 * Serves the display app and a dataset until SIGINT/SIGTERM (used by `na64 display` and
 * `na64 demo`); prints the URL. Builds the app first when it is missing or stale.
 */
export async function serveDisplay(argv: { datasetDir: string; host: string; port: number; open: boolean }): Promise<void> {
  const dir = argv.datasetDir;
  (await openDataset(dir)).close(); // a clear error now rather than in the browser
  if (await appIsStale()) {
    process.stdout.write('building the display app (first run or sources changed)...\n');
    await buildApp();
  }
  const server = await startDisplayServer({ appDir: APP_DIR, datasetDir: dir, host: argv.host, port: argv.port }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new UserError(`port ${argv.port} is in use; pick another with --port (0 = any free port)`);
    throw e;
  });
  process.stdout.write(`na64 display: ${server.appUrl}  (open it in a browser; Ctrl-C stops the server)\n`);
  if (argv.open) openBrowser(server.appUrl);
  await new Promise<void>((done) => {
    const stop = () => {
      server.close().then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const displayCommand: CommandModule<object, DisplayArgs> = {
  command: 'display <dataset>',
  describe: 'Serve the 3D event display for a dataset (local HTTP server; prints the URL)',
  builder: (y) =>
    y
      .positional('dataset', { type: 'string', demandOption: true, describe: 'dataset directory' })
      .option('port', { type: 'number', default: 5173, describe: 'port (0 picks a free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'interface to bind (127.0.0.1 = this machine only)' })
      .option('open', { type: 'boolean', default: false, describe: 'open the display in the default browser' }),
  handler: async (argv) => {
    const dir = resolve(argv.dataset);
    const info = await stat(dir).catch(() => undefined);
    if (!info) throw new UserError(`dataset ${argv.dataset} does not exist`);
    if (!info.isDirectory()) throw new UserError(`dataset ${argv.dataset} is not a directory (na64 display serves a dataset directory)`);
    if (!Number.isInteger(argv.port) || argv.port < 0 || argv.port > 65535) throw new UserError(`--port must be 0..65535, got ${argv.port}`);
    await serveDisplay({ datasetDir: dir, host: argv.host, port: argv.port, open: argv.open });
  },
};
