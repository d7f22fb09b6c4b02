/**
 * End to end in a real headless Chromium: `na64 display` on a dataset, the app draws the first
 * event, steps, lands on an X17 candidate, picks a calorimeter cell, shows clear messages.
 * Slow (builds the app when needed, starts a browser): skipped with NA64_SKIP_SLOW=1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { DisplayDataset } from './helpers/display-dataset.ts';
import { writeSimulatedDataset } from './helpers/simulated-dataset.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'test-output');
const slow = process.env.NA64_SKIP_SLOW === '1';

let dir: string;
let data: DisplayDataset;
let server: ChildProcess | undefined;
let appUrl: string;
let browser: BrowserContext | undefined;
let page: Page;

async function startDisplay(dataset: string): Promise<string> {
  server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), 'display', dataset, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  server.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`na64 display printed no URL in time:\n${out}\n${err}`)), 80_000);
    server!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /na64 display: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server!.on('exit', (code) => reject(new Error(`na64 display exited with ${code}:\n${out}\n${err}`)));
  });
}

const key = () => page.getAttribute('#na64-display', 'data-event-key');
const waitReady = () => page.waitForSelector('#na64-display[data-state=ready]', { timeout: 20_000 });

describe.skipIf(slow)('event display in headless Chromium', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'na64-e2e-display-'));
    await mkdir(OUT, { recursive: true });
    // A simulated, converted and reconstructed visible-mode run, as `na64 demo` makes.
    data = await writeSimulatedDataset(dir, { setupId: 'vis-2018', process: 'x17', events: 200 });
    expect(data.tagged.x17.length).toBeGreaterThan(2);
    appUrl = await startDisplay(data.dir);
    // A fresh profile directory per run; the system Chromium, never a downloaded browser.
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 800 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.pid) server.kill('SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws the first event on a non-blank canvas', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(appUrl);
    await waitReady();
    expect(await key()).toBe(data.keys[0].join(':'));
    await page.waitForTimeout(200);
    const stats = await page.evaluate(() => {
      const c = document.querySelector('canvas[data-id=canvas]') as HTMLCanvasElement;
      const copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(c, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let lit = 0;
      const colours = new Set<number>();
      for (let i = 0; i < px.length; i += 4 * 7) {
        if (Math.abs(px[i] - 13) + Math.abs(px[i + 1] - 16) + Math.abs(px[i + 2] - 20) > 30) lit++;
        colours.add((px[i] >> 4) * 256 + (px[i + 1] >> 4) * 16 + (px[i + 2] >> 4));
      }
      return { lit: lit / (px.length / 4 / 7), colours: colours.size, width: c.width };
    });
    expect(stats.width).toBeGreaterThan(300);
    expect(stats.lit).toBeGreaterThan(0.05);
    expect(stats.colours).toBeGreaterThan(20);
    expect(await page.textContent('[data-id=event-panel]')).toContain(data.keys[0].join(':'));
    expect(errors).toEqual([]);
  });

  it('steps to the next event, and the URL follows', async () => {
    await page.click('[data-id=next]');
    await page.waitForFunction((k) => document.querySelector('#na64-display')!.getAttribute('data-event-key') === k, data.keys[1].join(':'));
    await waitReady();
    expect(page.url()).toContain(`event=${data.keys[1].join(':')}`);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((k) => document.querySelector('#na64-display')!.getAttribute('data-event-key') === k, data.keys[0].join(':'));
  });

  it('the X17 candidate list lands on a tagged event', async () => {
    await page.selectOption('[data-id=list-select]', 'x17');
    const x17 = data.tagged.x17.map((k) => k.join(':'));
    // The first candidate may be the event already shown: wait for the list itself to switch.
    const info = `${x17.length} of ${data.keys.length} events`;
    await page.waitForFunction((text) => document.querySelector('[data-id=list-info]')?.textContent === text, info);
    await page.waitForFunction((k) => document.querySelector('#na64-display')!.getAttribute('data-event-key') === k, x17[0]);
    await waitReady();
    expect(await page.textContent('[data-id=list-info]')).toBe(info);
    expect(await page.textContent('[data-id=event-panel]')).toContain('x17');
    await page.click('[data-id=next]');
    await page.waitForFunction((k) => document.querySelector('#na64-display')!.getAttribute('data-event-key') === k, x17[1]);
  });

  it('picking a calorimeter cell shows its row with the energy', async () => {
    await page.click('[data-id=view-zy]');
    await page.waitForTimeout(100);
    const target = await page.evaluate(() => {
      const app = (window as unknown as { na64Display: { objects: { cells: { count: number; energies: Float32Array; rows: Int32Array } }; cellScreenPosition(i: number): { x: number; y: number } } }).na64Display;
      const cells = app.objects.cells;
      let best = 0;
      for (let i = 1; i < cells.count; i++) if (cells.energies[i] > cells.energies[best]) best = i;
      return { ...app.cellScreenPosition(best), energy: cells.energies[best], row: cells.rows[best] };
    });
    await page.mouse.click(target.x, target.y);
    const pick = await page.textContent('[data-id=pick-panel]');
    expect(pick).toMatch(/^hits row \d+/);
    const picked = await page.evaluate(() => (window as unknown as { na64Display: { lastPick: { table: string; row: number } } }).na64Display.lastPick);
    expect(picked.table).toBe('hits');
    const energyShown = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('[data-id=pick-panel] tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
      return Number(rows.find((r) => r[0] === 'energy')![1]);
    });
    const energyOfRow = await page.evaluate((row) => (window as unknown as { na64Display: { current: { hits: { getChild(n: string): { get(i: number): number } } } } }).na64Display.current.hits.getChild('energy').get(row), picked.row);
    expect(energyShown).toBeCloseTo(energyOfRow, 3);
    expect(energyShown).toBeGreaterThan(0);
    if (picked.row === target.row) expect(energyShown).toBeCloseTo(target.energy, 3);
    await page.click('[data-id=view-3d]');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(OUT, 'display.png') });
  });

  it('says clearly when an event does not exist or the dataset cannot be read', async () => {
    await page.goto(`${appUrl}&event=1:99:1`);
    await page.waitForSelector('#na64-display[data-error]', { timeout: 20_000 });
    expect(await page.getAttribute('#na64-display', 'data-error')).toBe('event 1:99:1 (run:spill:event) does not exist');
    await page.goto(appUrl.replace('data=/data/', 'data=/data/no-such-dir/'));
    await page.waitForSelector('#na64-display[data-error]', { timeout: 20_000 });
    expect(await page.getAttribute('#na64-display', 'data-error')).toMatch(/^Cannot read the dataset .*no-such-dir\/: .*no dataset\.json found/);
  });
});
