import { describe, expect, it } from 'vitest';
import { arrowToRows, batchToArrow, rowsToBatch } from '@na64/format';
import { sampleRun } from './helpers/sample-data.ts';

describe('text columns as coded strings', () => {
  const truth = sampleRun(3, 2, 25).truth;
  const batch = rowsToBatch('truth', truth);

  it('give the same Arrow table as the string form', () => {
    const names = [...new Set(batch.process), 'électron-ünused'];
    const codes = Uint8Array.from(batch.process, (p) => names.indexOf(p));
    const coded = batchToArrow('truth', { ...batch, process: { codes, names } });
    expect(coded.getChild('process')!.toArray()).toEqual(batchToArrow('truth', batch).getChild('process')!.toArray());
    expect(arrowToRows('truth', coded)).toEqual(truth);
  });

  it('encode multi-byte names and reject a code without a name, naming the row', () => {
    const names = ['синхротрон', 'primary'];
    const t = batchToArrow('truth', { ...batch, process: { codes: Uint8Array.from(batch.process, (_, i) => i % 2), names } });
    expect(t.getChild('process')!.get(0)).toBe('синхротрон');
    expect(t.getChild('process')!.get(1)).toBe('primary');
    const bad = Uint8Array.from(batch.process, () => 0);
    bad[5] = 2;
    expect(() => batchToArrow('truth', { ...batch, process: { codes: bad, names } })).toThrow('truth.process: row 5 has code 2 but there are 2 names');
  });

  /** The process column of a truth table with the given codes (other columns from repeated sample rows). */
  function processColumn(codes: Uint8Array | Int32Array, names: string[]): unknown[] {
    const rows = Array.from({ length: codes.length }, (_, i) => truth[i % truth.length]);
    const t = batchToArrow('truth', { ...rowsToBatch('truth', rows), process: { codes, names } });
    return t.getChild('process')!.toArray();
  }

  it('copy runs of every length, of short, long, multi-byte and empty names', () => {
    const names = ['primary', 'synchrotron', 'e', '', 'a name of more than sixteen bytes', 'électron'];
    const runs = [1, 2, 3, 5, 1, 40, 7, 100, 1, 2, 300, 16, 17, 1, 1, 64, 33, 2, 250, 3];
    const codes: number[] = [];
    runs.forEach((length, r) => {
      for (let k = 0; k < length; k++) codes.push((r * 5 + (r >> 2)) % names.length);
    });
    expect(processColumn(Uint8Array.from(codes), names)).toEqual(codes.map((c) => names[c]));
  });

  it('fill a column of one name, including the empty name', () => {
    expect(processColumn(new Uint8Array(1000), ['synchrotron'])).toEqual(new Array(1000).fill('synchrotron'));
    expect(processColumn(new Uint8Array(50), [''])).toEqual(new Array(50).fill(''));
  });

  it('reject a negative code and a code at row 0 when there are no names', () => {
    const negative = new Int32Array(20);
    negative[0] = -1;
    expect(() => processColumn(negative, ['a', 'b'])).toThrow('truth.process: row 0 has code -1 but there are 2 names');
    expect(() => processColumn(new Uint8Array(3), [])).toThrow('truth.process: row 0 has code 0 but there are 0 names');
  });

  it('are checked for length like any column', () => {
    expect(() => batchToArrow('truth', { ...batch, process: { codes: new Uint8Array(3), names: ['x'] } })).toThrow(/column "process" has 3 rows/);
  });
});
