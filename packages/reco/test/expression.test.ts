import { describe, expect, it } from 'vitest';
import { ExpressionError, compileExpression } from '@na64/reco';

const cols = { e_ecal: Float32Array.from([10, 60, NaN, 99]), tags: Int32Array.from([1, 8, 9, 0]), n_tracks: Int32Array.from([2, 0, 1, 2]) };
const names = Object.keys(cols);
const rows = (expr: string) => {
  const f = compileExpression(expr, names).bind(cols);
  return [0, 1, 2, 3].filter(f);
};

describe('compileExpression', () => {
  it('evaluates comparisons, logic, arithmetic and bit tests with the documented precedence', () => {
    expect(rows('e_ecal < 50')).toEqual([0]);
    expect(rows('e_ecal >= 60 && n_tracks == 2')).toEqual([3]);
    expect(rows('e_ecal < 20 || tags & 8 != 0')).toEqual([0, 1, 2]);
    expect(rows('!(tags & 1)')).toEqual([1, 3]);
    expect(rows('e_ecal * 2 - 1 > 100 + 19')).toEqual([3]); // 60 * 2 - 1 = 119 is not > 119
    expect(rows('-e_ecal < -50')).toEqual([1, 3]);
    expect(rows('e_ecal / 1e1 <= 1.0')).toEqual([0]);
    expect(rows('1 + 2 * 3 == 7')).toEqual([0, 1, 2, 3]);
    expect(rows('(1 + 2) * 3 == 9 && tags == 9')).toEqual([2]);
    // NaN: comparisons false, != false too
    expect(rows('e_ecal != 10')).toEqual([1, 3]);
    expect(compileExpression('n_tracks > 0 && e_ecal > 0 && n_tracks < 5', names).columns).toEqual(['n_tracks', 'e_ecal']);
  });

  it('rejects unknown columns and bad syntax with one-line messages', () => {
    expect(() => compileExpression('e_hcall < 1', names)).toThrow(/^unknown column "e_hcall" at position 1; columns: e_ecal, tags, n_tracks$/);
    for (const [bad, msg] of [
      ['e_ecal <', /expected a number, a column or "\(" at position 9, found end of expression/],
      ['(e_ecal < 1', /expected "\)" at position 12/],
      ['e_ecal < 1 2', /expected an operator or the end at position 12, found number 2/],
      ['e_ecal = 1', /unexpected character "=" at position 8/],
      ['', /empty/],
      ['e_ecal < 1; process.exit()', /unexpected character ";"/],
    ] as const) {
      let error: unknown;
      try {
        compileExpression(bad, names);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ExpressionError);
      expect((error as Error).message).toMatch(msg);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
