import { describe, expect, it } from 'vitest';
import { BatchBuilder, Dataset, batchToArrow, rowsToBatch } from '@na64/format';
import { sampleRun } from './helpers/sample-data.ts';

describe('BatchBuilder', () => {
  it('builds the same batch as rowsToBatch, across growth and two builds', () => {
    const run = sampleRun(3, 2, 60);
    for (const table of ['digits', 'events', 'truth'] as const) {
      const b = new BatchBuilder(table);
      const rows = run[table] as never[];
      const half = Math.floor(rows.length / 2);
      rows.slice(0, half).forEach((r) => b.add(r));
      const first = b.build();
      rows.slice(half).forEach((r) => b.add(r));
      expect(b.length).toBe(rows.length - half);
      const second = b.build();
      expect(first).toEqual(rowsToBatch(table, rows.slice(0, half)));
      expect(second).toEqual(rowsToBatch(table, rows.slice(half)));
      expect(Dataset.rows(table, batchToArrow(table, second))).toEqual(rows.slice(half));
    }
  });
});
