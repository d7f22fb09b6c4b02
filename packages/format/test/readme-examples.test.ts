import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The README's TypeScript examples are documentation that must keep working: each runs as is.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const scratch = join(packageDir, 'test', '.readme-examples');

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('README examples', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(3));

  it.each(blocks.map((code, i) => [i + 1, code]))('example %i runs', (i, code) => {
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, `example-${i}.ts`);
    writeFileSync(file, code as string);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: packageDir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
  });
});
