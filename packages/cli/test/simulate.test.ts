// na64 simulate end to end: same seed -> same bytes with --jobs 1 and --jobs 2, a stream that
// decodes without problems, one SOB/EOB per spill, EOT in the EOB scalers summing to the number
// of primaries, the truth sidecar, the printed yield and one-line user errors.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  RAW_EVENT_TYPE,
  decodeParquet,
  decodeRawBuffer,
  fileMetadataFromMap,
  findScalers,
  getSetup,
  initParquetEngine,
  namedScalers,
  ParquetReader,
  material,
} from '@na64/format';
import { RunSimulator, darkPhotonYieldPerEot } from '@na64/sim';
import { runCli } from './helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'na64-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('na64 simulate', () => {
  const args = (out: string, jobs: number) =>
    ['simulate', '--setup', 'invis-2018', '--events', '1300', '--events-per-spill', '500', '--process', 'mixed', '--seed', '42', '--run', '3900', '--jobs', String(jobs), '--out', out];

  it('writes the same bytes with --jobs 1 and --jobs 2; stream, spills, EOT and truth check out', async () => {
    const a = join(dir, 'a.dat');
    const b = join(dir, 'b.dat');
    const r1 = runCli(args(a, 1));
    expect(r1.stderr).toBe('');
    expect(r1.status).toBe(0);
    const r2 = runCli(args(b, 2));
    expect(r2.status).toBe(0);
    const bytes = readFileSync(a);
    expect(Buffer.compare(bytes, readFileSync(b))).toBe(0);
    expect(r1.stdout).toMatch(/^simulated 1300 events in 3 spills \(EOT 1300\)/);
    expect(r1.stdout).toMatch(/events\/s/);

    const sim = new RunSimulator({ setup: getSetup('invis-2018'), run: 3900, events: 1, seed: 1 });
    const dec = decodeRawBuffer(new Uint8Array(bytes), { sourceKinds: sim.sourceKinds() });
    expect(dec.summary.problems).toBe(0);
    expect(dec.summary.bytesSkipped).toBe(0);
    const types = dec.events.map((r) => r.event.header.type);
    expect(types[0]).toBe(RAW_EVENT_TYPE.SOR);
    expect(types[types.length - 1]).toBe(RAW_EVENT_TYPE.EOR);
    expect(types.filter((t) => t === RAW_EVENT_TYPE.SOB).length).toBe(3);
    expect(types.filter((t) => t === RAW_EVENT_TYPE.EOB).length).toBe(3);
    const physics = dec.events.filter((r) => r.event.header.type === RAW_EVENT_TYPE.PHYSICS).map((r) => r.event.header);
    expect(physics.length).toBe(1300);
    // Numbering: event in spill from 1, spill from 1, event in run continuous; trigger bit 1.
    physics.forEach((h, i) => {
      expect(h.run).toBe(3900);
      expect(h.eventInRun).toBe(i + 1);
      expect(h.spill).toBe(Math.floor(i / 500) + 1);
      expect(h.eventInSpill).toBe((i % 500) + 1);
      expect(h.triggerPattern[0] & 1).toBe(1);
      expect(h.headerLength).toBe(68);
    });
    const eot = dec.events.filter((r) => r.event.header.type === RAW_EVENT_TYPE.EOB).map((r) => namedScalers(findScalers(r.event)!).eot);
    expect(eot).toEqual([500, 500, 300]);

    // Truth sidecar: one file, schema metadata, sorted by key, weight repeated per event.
    const truthFile = `${a}.truth.parquet`;
    expect(existsSync(truthFile)).toBe(true);
    await initParquetEngine();
    const reader = await ParquetReader.fromBlob(new Blob([readFileSync(truthFile)]), truthFile);
    const meta = fileMetadataFromMap(reader.info().keyValue);
    reader.close();
    expect(meta).toMatchObject({ table: 'truth', run: 3900, setupId: 'invis-2018', schemaVersion: 1 });
    expect(meta.command).toContain('simulate');
    const t = decodeParquet(readFileSync(truthFile));
    const spill = t.getChild('spill')!.toArray() as Int32Array;
    const event = t.getChild('event')!.toArray() as Int32Array;
    const parent = t.getChild('parent')!.toArray() as Int32Array;
    const weight = t.getChild('weight')!.toArray() as Float64Array;
    const keys = new Set<number>();
    let primaries = 0;
    for (let i = 0; i < t.numRows; i++) {
      const k = spill[i] * 1e6 + event[i];
      if (i > 0) expect(k).toBeGreaterThanOrEqual(spill[i - 1] * 1e6 + event[i - 1]);
      if (i > 0 && k === spill[i - 1] * 1e6 + event[i - 1]) expect(weight[i]).toBe(weight[i - 1]);
      keys.add(k);
      if (parent[i] === -1) primaries++;
    }
    expect(keys.size).toBe(1300);
    expect(primaries).toBe(1300);
    // Same truth with either job count (the files differ only in the recorded command line).
    const t2 = decodeParquet(readFileSync(`${b}.truth.parquet`));
    expect(t2.numRows).toBe(t.numRows);
    for (const col of ['pdg', 'parent', 'e', 'vz', 'end_z', 'weight']) {
      expect(Array.from(t2.getChild(col)!.toArray() as ArrayLike<number>)).toEqual(Array.from(t.getChild(col)!.toArray() as ArrayLike<number>));
    }
  });

  it("prints the A' yield per EOT of the physics layer", () => {
    const out = join(dir, 'ap.dat');
    const r = runCli(['simulate', '--setup', 'invis-2018', '--events', '20', '--process', 'a-prime', '--mass', '20', '--epsilon', '2e-4', '--out', out]);
    expect(r.status).toBe(0);
    const pb = material('Pb');
    const y = darkPhotonYieldPerEot({ m: 0.02, eps: 2e-4, E0: 100, target: { Z: pb.Z, A: pb.A, density: pb.density, X0: pb.X0 }, thicknessX0: (150 * 1.5) / pb.X0 });
    expect(r.stdout).toContain(`expected yield ${y.toExponential(3)} per EOT`);
    expect(r.stdout).toContain('20 events emitted');
  });

  it('--truth none: no sidecar, said so in the summary', () => {
    const out = join(dir, 'no-truth.dat');
    const r = runCli(['simulate', '--setup', 'invis-2018', '--events', '20', '--truth', 'none', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no truth (--truth none)');
    expect(existsSync(out)).toBe(true);
    expect(existsSync(`${out}.truth.parquet`)).toBe(false);
  });

  it('reports user errors in one line without a stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['--setup', 'no-such-setup', '--events', '5'], /no bundled setup or file/],
      [['--setup', 'invis-2018', '--events', '2.5'], /--events must be a whole number/],
      [['--setup', 'mu-2022', '--events', '5', '--process', 'a-prime'], /needs an electron beam/],
      [['--setup', 'invis-2018', '--events', '5', '--process', 'a-prime', '--truth', 'none'], /weighted .* event weights .* "slim"/],
    ];
    for (const [a, re] of cases) {
      const r = runCli(['simulate', ...a, '--out', join(dir, 'err.dat')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n').length).toBe(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
