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

  it('are checked for length like any column', () => {
    expect(() => batchToArrow('truth', { ...batch, process: { codes: new Uint8Array(3), names: ['x'] } })).toThrow(/column "process" has 3 rows/);
  });
});
