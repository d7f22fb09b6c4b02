import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the na64 CLI in a child process, as a user would. */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], {
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, ...options.env, FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
