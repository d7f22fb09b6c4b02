import { describe, expect, it } from 'vitest';
import { BatchBuilder, Dataset, GrowableArray, batchToArrow, rowsToBatch } from '@na64/format';
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

  it('direct column access keeps working across builds', () => {
    const b = new BatchBuilder('digits');
    const detector = b.strings('detector');
    const channel = b.numbers('channel');
    const samples = b.list('samples');
    const batches = [1, 2].map((round) => {
      for (let i = 0; i < 3; i++) {
        for (const name of ['run', 'spill', 'event', 'ix', 'iy', 'layer', 'plane', 'strip', 'source_id', 'port', 'chip_channel', 'tdc']) b.numbers(name).push(round);
        detector.push(`D${round}${i}`);
        channel.push(10 * round + i);
        samples.pushAll([round, i]);
        b.endRow();
      }
      return b.build();
    });
    expect(batches[0].detector).toEqual(['D10', 'D11', 'D12']);
    expect(batches[1].detector).toEqual(['D20', 'D21', 'D22']);
    expect(Array.from(batches[1].channel)).toEqual([20, 21, 22]);
    expect(Array.from(batches[1].samples.offsets)).toEqual([0, 2, 4, 6]);
    expect(Array.from(batches[1].samples.values)).toEqual([2, 0, 2, 1, 2, 2]);
  });

  it('pushRange appends short and long ranges of a larger array across growth', () => {
    const source = Int16Array.from({ length: 300 }, (_, i) => i - 150);
    const a = new GrowableArray((n) => new Int16Array(n), 4);
    a.pushRange(source, 10, 13);
    a.pushRange(source, 0, 0);
    a.pushRange(source, 100, 250);
    a.pushRange([7, 8, 9], 1, 3);
    expect(Array.from(a.take())).toEqual([...source.slice(10, 13), ...source.slice(100, 250), 8, 9]);
  });
});
