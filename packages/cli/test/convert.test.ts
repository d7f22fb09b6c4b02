import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset, batchToArrow, encodeParquet, fileMetadataToMap, getSetup, newFileMetadata, rowsToBatch, type TruthRow } from '@na64/format';
import { openDataset } from '@na64/format/node';
import { convertRun } from '../src/convert/run-converter.ts';
import { buildRawRun, writeRawRun, type RawRunTruth } from './helpers/raw-run.ts';
import { runCli } from './helpers/run-cli.ts';

let root: string;
let raw: string;
let truth: RawRunTruth;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'na64-convert-'));
  raw = join(root, 'run3855.dat');
  truth = await writeRawRun(raw, 3855, 3, 40);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('na64 convert', () => {
  it('converts a raw run into spills, events and digits that match the stream', async () => {
    const out = join(root, 'ds');
    const r = runCli(['convert', raw, '--out', out, '--report', join(root, 'report.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/converted 1 run\(s\): 120 events, 3 spills, EOT 3\.007e\+6, 0 problem\(s\)/);
    const ds = await openDataset(out);
    const spills = await ds.readSpills();
    expect(spills.map((s) => s.eot)).toEqual(truth.eotPerSpill);
    expect(spills.map((s) => s.n_events)).toEqual([40, 40, 40]);
    const events = Dataset.rows('events', await ds.readTable('events'));
    expect(events.length).toBe(120);
    expect(events.map((e) => `${e.spill}:${e.event}`)).toEqual([...truth.digitsPerEvent.keys()]);
    expect(events.map((e) => e.digits_count)).toEqual([...truth.digitsPerEvent.values()]);
    expect(events[41].event_in_run).toBe(42);
    const digits = Dataset.rows('digits', await ds.readTable('digits'));
    const ecal = digits.filter((d) => d.detector === 'ECAL');
    expect(ecal.length).toBe(240);
    for (const d of ecal) expect(d.samples).toEqual(truth.ecalSamples.get(`${d.spill}:${d.event}:${d.port}:${d.chip_channel}`));
    const straws = digits.filter((d) => d.tdc >= 0);
    expect(straws.map((d) => d.tdc)).toEqual(events.map((e) => 1000 + e.event));
    expect(straws.every((d) => d.samples.length === 0 && d.plane >= 0 && d.strip >= 0)).toBe(true);
    // Cells come from the setup's channel map.
    const setup = getSetup('invis-2018');
    const ecalElement = setup.elements.find((e) => e.name === 'ECAL')!;
    expect(ecal.every((d) => d.ix >= 0 && d.ix < 6 && d.iy >= 0 && d.iy < 6 && d.layer >= 0)).toBe(true);
    expect(ecalElement.readout!.digitizer).toBe('msadc');
    const report = JSON.parse(await readFile(join(root, 'report.json'), 'utf8'));
    expect(report.events).toBe(120);
    expect(report.reports[0].decode.eventsOk).toBe(120 + 3 * 2 + 2);
    expect(runCli(['validate', out]).status).toBe(0);
  });

  it('keeps every intact event around a damaged region and reports it', async () => {
    const { bytes } = buildRawRun(3856, 2, 30);
    const damaged = bytes.slice();
    const middle = Math.floor(damaged.length / 2);
    damaged.fill(0xab, middle, middle + 600);
    const file = join(root, 'damaged.dat');
    await writeFile(file, damaged);
    const out = join(root, 'ds-damaged');
    const r = runCli(['convert', file, '--out', out, '--report', join(root, 'damaged.json'), '--max-lost', '0.5']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(root, 'damaged.json'), 'utf8'));
    expect(report.problems).toBeGreaterThan(0);
    expect(report.reports[0].problems[0].byteOffset).toBeGreaterThanOrEqual(middle - 2000);
    const events = Dataset.rows('events', await (await openDataset(out)).readTable('events'));
    expect(events.length).toBeGreaterThan(50);
    expect(events.length).toBeLessThan(60);
    expect(events[0].event).toBe(1);
    expect(events.at(-1)!.event).toBe(30);
    expect(r.stdout).toMatch(/problem\(s\), 0\.0\d MB skipped/);
  });

  it('--strict stops at the first problem and writes nothing; a large loss exits 2', async () => {
    const { bytes } = buildRawRun(3857, 2, 30);
    const damaged = bytes.slice();
    damaged.fill(0xcd, 4000, 4400);
    const file = join(root, 'strict.dat');
    await writeFile(file, damaged);
    const out = join(root, 'ds-strict');
    const strict = runCli(['convert', file, '--out', out, '--strict']);
    expect(strict.status).toBe(1);
    expect(strict.stderr.trim().split('\n')).toHaveLength(1);
    expect(strict.stderr).toMatch(/strict\.dat: byte \d+: [a-z-]+: .*\(--strict\)$/m);
    expect(await readdir(out).catch(() => [])).not.toContain('dataset.json');
    const lossy = runCli(['convert', file, '--out', out, '--max-lost', '0.001']);
    expect(lossy.status).toBe(2);
    expect(lossy.stderr).toMatch(/of the raw bytes were lost/);
  });

  it('joins the simulator truth sidecar by event key and takes the event weight from it', async () => {
    const file = join(root, 'withtruth.dat');
    await writeRawRun(file, 3858, 1, 10);
    const rows: TruthRow[] = [];
    for (let e = 1; e <= 10; e += 3) {
      rows.push({ run: 3858, spill: 1, event: e, pdg: 11, parent: -1, process: 'primary', vx: 0, vy: 0, vz: -1000, px: 0, py: 0, pz: 100, e: 100, end_x: 0, end_y: 0, end_z: 16000, weight: 0.5 });
      rows.push({ run: 3858, spill: 1, event: e, pdg: 9900022, parent: 0, process: 'a-prime', vx: 0, vy: 0, vz: 16100, px: 0, py: 0, pz: 60, e: 60, end_x: 0, end_y: 0, end_z: 40000, weight: 0.5 });
    }
    const meta = newFileMetadata('truth', 3858, 'invis-2018', '0.1.0', 'test');
    await writeFile(`${file}.truth.parquet`, encodeParquet('truth', batchToArrow('truth', rowsToBatch('truth', rows)), fileMetadataToMap(meta)));
    const out = join(root, 'ds-truth');
    expect(runCli(['convert', file, '--out', out]).status).toBe(0);
    const ds = await openDataset(out);
    const ev = await ds.readEvent([3858, 1, 4]);
    expect(Dataset.rows('truth', ev.truth)).toEqual(rows.filter((r) => r.event === 4));
    expect(ds.index.tables.truth.rows).toBe(rows.length);
    expect(ev.event.weight).toBe(0.5);
    expect((await ds.readEvent([3858, 1, 5])).event.weight).toBe(1);
    expect(runCli(['validate', out]).status).toBe(0);
  });

  it('converts several runs with --jobs 2 into the same files as --jobs 1', async () => {
    const files = [join(root, 'a.dat'), join(root, 'b.dat')];
    await writeRawRun(files[0], 4001, 2, 25);
    await writeRawRun(files[1], 4002, 2, 25);
    expect(runCli(['convert', ...files, '--out', join(root, 'j1'), '--jobs', '1']).status).toBe(0);
    expect(runCli(['convert', ...files, '--out', join(root, 'j2'), '--jobs', '2']).status).toBe(0);
    const [one, two] = await Promise.all([openDataset(join(root, 'j1')), openDataset(join(root, 'j2'))]);
    for (const table of ['spills', 'events', 'digits'] as const) {
      expect(Dataset.rows(table, await two.readTable(table))).toEqual(Dataset.rows(table, await one.readTable(table)));
    }
    for (const table of ['events', 'digits'] as const) expect(two.index.tables[table].rows).toBe(one.index.tables[table].rows);
  });

  it('gives the same dataset when a run is converted in many small bundles', async () => {
    const setup = getSetup('invis-2018');
    const whole = join(root, 'ds-whole');
    const small = join(root, 'ds-small');
    await convertRun([raw], { datasetDir: whole, setup, command: 'test' });
    await convertRun([raw], { datasetDir: small, setup, command: 'test', eventsPerBundle: 7 });
    const [a, b] = await Promise.all([openDataset(whole), openDataset(small)]);
    for (const table of ['events', 'digits'] as const) expect(Dataset.rows(table, await b.readTable(table))).toEqual(Dataset.rows(table, await a.readTable(table)));
  });

  it('an interrupted conversion leaves nothing that looks complete', async () => {
    const out = join(root, 'ds-abort');
    const controller = new AbortController();
    controller.abort();
    await expect(convertRun([raw], { datasetDir: out, setup: getSetup('invis-2018'), command: 'test', signal: controller.signal })).rejects.toThrow(/interrupted/);
    const entries = await readdir(out).catch(() => [] as string[]);
    expect(entries).not.toContain('dataset.json');
    expect(entries).not.toContain('events');
  });

  it('says clearly what is wrong with bad input', () => {
    const missing = runCli(['convert', join(root, 'nope.dat'), '--out', join(root, 'x')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.dat: no such raw file/);
    const badSetup = runCli(['convert', raw, '--out', join(root, 'x'), '--setup', 'invis-2099']);
    expect(badSetup.status).toBe(1);
    expect(badSetup.stderr.trim().split('\n')).toHaveLength(1);
  });
});
