/**
 * Display benchmark in headless Chromium (system /usr/bin/chromium or $CHROMIUM): time to the
 * first event, time to switch events through `na64 display`, and frame time with 10k and 200k
 * calorimeter cells (one InstancedMesh). Prints a Markdown table.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { writeDisplayDataset } from '../../../test/helpers/display-dataset.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'na64-display-bench-'));
const data = await writeDisplayDataset(join(dir, 'ds'), { setupId: 'vis-2018', spills: 4, eventsPerSpill: 25 });
const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), 'display', data.dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    const m = /na64 display: (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`na64 display exited (${code})`)));
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 800 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const firstTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await page.goto(`${url}&i=${i}`);
    await page.waitForSelector('#na64-display[data-state=ready]', { timeout: 60_000 });
    firstTimes.push(performance.now() - t0);
  }
  const switchTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    const before = await page.getAttribute('#na64-display', 'data-event-key');
    const t0 = performance.now();
    await page.click('[data-id=next]');
    await page.waitForFunction((k) => {
      const root = document.querySelector('#na64-display')!;
      return root.getAttribute('data-event-key') !== k && root.getAttribute('data-state') === 'ready';
    }, before);
    switchTimes.push(performance.now() - t0);
  }
  const frames: Record<number, number> = {};
  for (const n of [10_000, 200_000]) {
    frames[n] = await page.evaluate((cells) => (window as unknown as { na64Display: { benchCells(n: number, f: number): { msPerFrame: number } } }).na64Display.benchCells(cells, 20).msPerFrame, n);
  }
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} threads), Chromium ${context.browser()?.version() ?? ''} headless, --disable-gpu (SwiftShader WebGL), Node ${process.version}`;
  console.log(`machine: ${machine}`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| time to first event (page load, wasm init, dataset index, event read, draw; median of 3) | ${median(firstTimes).toFixed(0)} ms |`);
  console.log(`| time to switch events (click -> drawn, through the server; median of 15) | ${median(switchTimes).toFixed(0)} ms |`);
  console.log(`| frame time, 10k cells | ${frames[10_000].toFixed(1)} ms |`);
  console.log(`| frame time, 200k cells | ${frames[200_000].toFixed(1)} ms |`);
} finally {
  await context.close();
  server.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
