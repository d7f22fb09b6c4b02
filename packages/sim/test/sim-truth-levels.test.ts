// Truth levels of simulateToFile: the raw bytes do not depend on them; 'slim' is 'all' without
// the synchrotron photons (parents re-pointed to the same particles); 'none' writes no sidecar and
// removes a stale one; weighted samples refuse 'none'.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeParquet, getSetup, truthSidecarPath } from '@na64/format';
import { RunSimulator, SimulationError, type TruthLevel } from '@na64/sim';
import { simulateToFile } from '@na64/sim/node';

interface TruthRow {
  spill: number;
  event: number;
  pdg: number;
  parent: number;
  process: string;
  vz: number;
  e: number;
  endZ: number;
}

function rowsOf(t: ReturnType<typeof decodeParquet>): TruthRow[] {
  const col = (name: string) => t.getChild(name)!.toArray() as ArrayLike<number>;
  const [spill, event, pdg, parent, vz, e, endZ] = ['spill', 'event', 'pdg', 'parent', 'vz', 'e', 'end_z'].map(col);
  const process = [...t.getChild('process')!].map(String);
  return Array.from({ length: t.numRows }, (_, i) => ({ spill: spill[i], event: event[i], pdg: pdg[i], parent: parent[i], process: process[i], vz: vz[i], e: e[i], endZ: endZ[i] }));
}

/** The rows of `all` without synchrotron photons, parents renumbered within each event. */
function withoutSynchrotron(all: TruthRow[]): TruthRow[] {
  const out: TruthRow[] = [];
  for (let first = 0; first < all.length; ) {
    let end = first;
    while (end < all.length && all[end].event === all[first].event && all[end].spill === all[first].spill) end++;
    const newIndex = new Map<number, number>();
    for (let i = first; i < end; i++) {
      if (all[i].process === 'synchrotron') continue;
      newIndex.set(i - first, newIndex.size);
      out.push({ ...all[i], parent: all[i].parent < 0 ? -1 : newIndex.get(all[i].parent)! });
    }
    first = end;
  }
  return out;
}

describe('truth levels', () => {
  const base = { setup: getSetup('invis-2018'), run: 3905, events: 400, eventsPerSpill: 200, seed: 11, blockEvents: 50 };

  it('leave the raw bytes alone; slim = all without synchrotron photons; none = no sidecar', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'na64-sim-truth-'));
    try {
      const run = (truth: TruthLevel, jobs = 1) => simulateToFile({ ...base, truth, jobs, waitForWorkers: true, out: join(dir, `${truth}-${jobs}.dat`) });
      // A sidecar left from an earlier run of the same name must not survive a 'none' run.
      writeFileSync(truthSidecarPath(join(dir, 'none-1.dat')), 'stale');
      const all = await run('all');
      const slim = await run('slim');
      const slim2 = await run('slim', 2);
      const none = await run('none');
      const raw = readFileSync(join(dir, 'all-1.dat'));
      for (const name of ['slim-1.dat', 'slim-2.dat', 'none-1.dat']) expect(Buffer.compare(readFileSync(join(dir, name)), raw), name).toBe(0);

      const allRows = rowsOf(decodeParquet(readFileSync(all.truthFile!)));
      const slimRows = rowsOf(decodeParquet(readFileSync(slim.truthFile!)));
      const synchrotron = allRows.filter((r) => r.process === 'synchrotron').length;
      expect(synchrotron).toBeGreaterThan(20 * base.events); // ~37 photons reach the SRD per 100 GeV electron
      expect(slimRows).toEqual(withoutSynchrotron(allRows));
      expect(new Set(slimRows.map((r) => `${r.spill}:${r.event}`)).size).toBe(base.events); // every event keeps its primary
      expect(slim.truthRows).toBe(allRows.length - synchrotron);
      expect(slim2.truthRows).toBe(slim.truthRows);

      expect(none.truthFile).toBeUndefined();
      expect(none.truthRows).toBe(0);
      expect(existsSync(truthSidecarPath(join(dir, 'none-1.dat')))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("refuses 'none' for weighted samples, whose event weights live in the truth", () => {
    for (const process of ['a-prime', 'dimuon', 'mixed'] as const) {
      expect(() => new RunSimulator({ ...base, process, truth: 'none' })).toThrow(SimulationError);
    }
    expect(() => new RunSimulator({ ...base, process: 'hadron', truth: 'none' })).not.toThrow();
    expect(() => new RunSimulator({ ...base, truth: 'most' as TruthLevel })).toThrow(/unknown truth level "most"/);
  });
});
