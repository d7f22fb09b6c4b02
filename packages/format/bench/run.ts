// `pnpm bench` for @na64/format: runs each benchmark script in its own process, one after another.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const scripts = ['dataset-io.ts', 'raw-decode.ts'];
for (const script of scripts) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  if (!existsSync(path)) continue;
  process.stdout.write(`\n## ${script}\n\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
