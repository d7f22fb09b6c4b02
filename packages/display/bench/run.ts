/**
 * Display benchmark in headless Chromium (system /usr/bin/chromium or $CHROMIUM), next to Phoenix
 * (phoenix-event-display 3.0.5) in the same browser session:
 *
 * - time to the first event: page load to the event drawn (ours: app, Parquet wasm, dataset index
 *   and event over HTTP; Phoenix: its bundle and the Phoenix JSON of the same events),
 * - time to switch events: call to event drawn (ours: through the server, and again for events
 *   already read; Phoenix: loadEvent on the loaded multi-event JSON),
 * - frame time with 10k and 200k synthetic calorimeter cells, the same layout and camera for both.
 *
 * "Drawn" and a frame are measured the same way for both: the display's own render function,
 * then one pixel read back with gl.readPixels, which waits for the GL work (SwiftShader here).
 *
 * Phoenix is not part of the workspace: bench/phoenix/package.json pins it, and its lockfile is
 * installed on demand with `npm ci` into bench/phoenix/node_modules (gitignored). Its page uses the
 * browser bundle the package ships, so there is no build step. Prints one Markdown table.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { getSetup } from '@na64/format';
import { openDataset } from '@na64/format/node';
import { DatasetEventLoader, phoenixEventName, toPhoenixEvent, type BenchLayout, type DisplayApp, type PhoenixDocument } from '../src/index.ts';
import { writeDisplayDataset } from '../../../test/helpers/display-dataset.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PHOENIX_DIR = fileURLToPath(new URL('./phoenix/', import.meta.url));
const PHOENIX_VERSION = '3.0.5';
const SWITCHES = 15;
const CELLS = [10_000, 200_000];
const FRAMES: Record<number, number> = { 10_000: 10, 200_000: 3 };
// 100 x 100 cells of 36 mm at a 40 mm pitch per layer, 20 mm deep, a layer every 60 mm.
const LAYOUT: BenchLayout = { pitch: 40, size: 36, length: 20, layerGap: 60, z0: 16000, perLayer: 10_000, perRow: 100 };
// Phoenix's perspective camera has a fixed 75 degree field of view; ours takes it for the frames.
const FOV = 75;
const CAMERA = [2600, 2000, 12600, 0, 0, 16600];

function ensurePhoenix(): void {
  const pkg = join(PHOENIX_DIR, 'node_modules/phoenix-event-display/package.json');
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === PHOENIX_VERSION) return;
  console.error(`bench: installing phoenix-event-display ${PHOENIX_VERSION} into bench/phoenix/node_modules (npm ci)`);
  const r = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: PHOENIX_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm ci in bench/phoenix failed (${r.status ?? r.signal})`);
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };

/** Serves bench/phoenix (page, Phoenix bundle, three) and /events.json. */
function servePhoenix(eventsFile: string): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path === '/events.json' ? eventsFile : normalize(join(PHOENIX_DIR, path));
    if (file !== eventsFile && !file.startsWith(join(PHOENIX_DIR, 'page') + sep) && !file.startsWith(join(PHOENIX_DIR, 'node_modules') + sep)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() })));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Waits for two animation frames of the page (the frame with the new event has been rendered). */
const twoFrames = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

interface PhoenixBench {
  switchTo(key: string): number;
  keys(): string[];
  benchCells(n: number, frames: number, layout: BenchLayout, camera: number[]): Promise<{ msPerFrame: number; buildMs: number }>;
}
type Win = { na64Display: DisplayApp; phoenixBench: PhoenixBench };

ensurePhoenix();
const dir = await mkdtemp(join(tmpdir(), 'na64-display-bench-'));
const data = await writeDisplayDataset(join(dir, 'ds'), { setupId: 'vis-2018', spills: 4, eventsPerSpill: 25 });
const keys = data.keys.slice(0, SWITCHES + 1);

// The same events as Phoenix JSON, through the exporter behind `na64 export --format phoenix`
// (first event first: Phoenix shows the first one of a document).
const doc: PhoenixDocument = {};
{
  const loader = new DatasetEventLoader(await openDataset(data.dir), data.dir);
  const setup = getSetup((await loader.open()).setupId);
  for (const key of keys) doc[phoenixEventName(key)] = toPhoenixEvent(setup, await loader.readEvent(key), { beamEnergy: await loader.beamEnergy(key) });
  loader.close();
}
const eventsFile = join(dir, 'events.json');
await writeFile(eventsFile, JSON.stringify(doc));

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
const phoenix = await servePhoenix(eventsFile);

const load0 = loadavg()[0];
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 800 },
});
try {
  const r = { ours: {} as Record<string, number>, phoenix: {} as Record<string, number> };

  // ---- ours
  const page = context.pages()[0] ?? (await context.newPage());
  const first: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await page.goto(`${url}&i=${i}`);
    await page.waitForSelector('#na64-display[data-state=ready]', { timeout: 60_000 });
    await twoFrames(page);
    first.push(performance.now() - t0);
  }
  r.ours.first = median(first);
  const view = await page.evaluate(() => {
    const c = document.querySelector('[data-id=canvas]') as HTMLCanvasElement;
    const app = (window as unknown as Win).na64Display;
    return { w: c.clientWidth, h: c.clientHeight, camera: [...app.camera.position.toArray(), ...app.controls.target.toArray()], fov: app.camera.fov };
  });
  const jsKeys = keys.slice(1).map((k) => [...k] as [number, number, number]);
  r.ours.switchServer = median(await page.evaluate((k) => (window as unknown as Win).na64Display.benchSwitch(k), jsKeys));
  // The same events again, now in memory (read before): what Phoenix's loadEvent does.
  r.ours.switchLocal = median(await page.evaluate((k) => (window as unknown as Win).na64Display.benchSwitch(k), [...jsKeys].reverse()));
  for (const n of CELLS) {
    const res = await page.evaluate(([n, f, layout, camera, fov]) => (window as unknown as Win).na64Display.benchCells(n, f, layout, camera, fov), [n, FRAMES[n], LAYOUT, CAMERA, FOV] as const);
    r.ours[`frame${n}`] = res.msPerFrame;
    r.ours[`build${n}`] = res.buildMs;
  }
  await page.close();

  // ---- Phoenix, same viewport size; its camera frames the beam line like ours does (same
  // position direction and target, distance scaled for its 75 degree field of view).
  const p2 = await context.newPage();
  const [px, py, pz, tx, ty, tz] = view.camera;
  const f = Math.tan((view.fov * Math.PI) / 360) / Math.tan((FOV * Math.PI) / 360);
  const defaultView = [tx + (px - tx) * f, ty + (py - ty) * f, tz + (pz - tz) * f, tx, ty, tz].map((v) => Math.round(v));
  const purl = `${phoenix.url}/page/index.html?events=/events.json&w=${view.w}&h=${view.h}&view=${defaultView.join(',')}`;
  const pfirst: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await p2.goto(`${purl}&i=${i}`);
    await p2.waitForSelector('#eventDisplay[data-state=ready]', { timeout: 60_000 });
    await twoFrames(p2);
    pfirst.push(performance.now() - t0);
  }
  r.phoenix.first = median(pfirst);
  const pkeys = await p2.evaluate(() => (window as unknown as Win).phoenixBench.keys());
  if (pkeys.length !== keys.length) throw new Error(`Phoenix loaded ${pkeys.length} events, expected ${keys.length}`);
  const ptimes: number[] = [];
  for (const k of [...pkeys.slice(1), ...pkeys.slice(1).reverse()]) ptimes.push(await p2.evaluate((key) => (window as unknown as Win).phoenixBench.switchTo(key), k));
  r.phoenix.switchLocal = median(ptimes);
  for (const n of CELLS) {
    const res = await p2.evaluate(([n, f, layout, camera]) => (window as unknown as Win).phoenixBench.benchCells(n, f, layout, camera), [n, FRAMES[n], LAYOUT, CAMERA] as const);
    r.phoenix[`frame${n}`] = res.msPerFrame;
    r.phoenix[`build${n}`] = res.buildMs;
  }
  await p2.close();

  const ms = (v: number | undefined) => (v === undefined ? 'n/a' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} threads), load average ${load0.toFixed(1)} at start / ${loadavg()[0].toFixed(1)} at end, Chromium ${context.browser()?.version() ?? ''} headless --disable-gpu (SwiftShader WebGL), view ${view.w}x${view.h}, Node ${process.version}`;
  console.log(`machine: ${machine}`);
  console.log('');
  console.log(`| measure | na64 display | Phoenix ${PHOENIX_VERSION} |`);
  console.log('|---|---|---|');
  console.log(`| time to first event (page load to event drawn; median of 3) | ${ms(r.ours.first)} | ${ms(r.phoenix.first)} |`);
  console.log(`| event switch through the server (call to drawn; median of ${SWITCHES}) | ${ms(r.ours.switchServer)} | n/a (whole JSON in the page) |`);
  console.log(`| event switch, event in memory (ours: read before; Phoenix: loadEvent; median) | ${ms(r.ours.switchLocal)} | ${ms(r.phoenix.switchLocal)} |`);
  for (const n of CELLS) {
    console.log(`| frame time, ${n / 1000}k cells (mean of ${FRAMES[n]}) | ${ms(r.ours[`frame${n}`])} | ${ms(r.phoenix[`frame${n}`])} |`);
  }
  for (const n of CELLS) {
    console.log(`| building the ${n / 1000}k-cell scene (not a target) | ${ms(r.ours[`build${n}`])} | ${ms(r.phoenix[`build${n}`])} |`);
  }
} finally {
  await context.close();
  server.kill('SIGTERM');
  phoenix.close();
  await rm(dir, { recursive: true, force: true });
}
