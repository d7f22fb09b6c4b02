// simulateToFile: the same bytes (raw file and truth sidecar) whether the blocks are simulated
// by this thread alone or shared with a worker thread.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLES_V1, decodeParquet, getSetup } from '@na64/format';
import { simulateToFile } from '@na64/sim/node';

describe('simulateToFile with worker threads', () => {
  it('writes identical raw and truth files with --jobs 1 and 2 (worker taking part)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'na64-sim-jobs-'));
    try {
      const base = { setup: getSetup('invis-2018'), run: 3901, events: 600, eventsPerSpill: 250, seed: 7, process: 'mixed' as const, blockEvents: 40 };
      const one = await simulateToFile({ ...base, out: join(dir, 'one.dat'), jobs: 1 });
      const two = await simulateToFile({ ...base, out: join(dir, 'two.dat'), jobs: 2, waitForWorkers: true });
      expect(one.workerEvents).toBe(0);
      expect(two.workerEvents).toBeGreaterThan(0);
      expect(two.truthRows).toBe(one.truthRows);
      expect(two.eot).toBe(600);
      expect(Buffer.compare(readFileSync(join(dir, 'two.dat')), readFileSync(join(dir, 'one.dat')))).toBe(0);
      // The truth files differ only in their creation metadata: compare the columns.
      const t1 = decodeParquet(readFileSync(one.truthFile!));
      const t2 = decodeParquet(readFileSync(two.truthFile!));
      expect(t2.numRows).toBe(t1.numRows);
      for (const c of TABLES_V1.truth.columns) expect([...t2.getChild(c.name)!.toArray()], c.name).toEqual([...t1.getChild(c.name)!.toArray()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
