import { describe, expect, it } from 'vitest';
import { ExpressionError, compileExpression, tagBits } from '@na64/format';

const row = (values: Record<string, number>) => (c: string) => values[c];
const cols = { e_ecal: Float32Array.from([10, 60, NaN, 99]), tags: Int32Array.from([1, 8, 9, 0]), n_tracks: Int32Array.from([2, 0, 1, 2]) };
const names = Object.keys(cols);
const rows = (text: string) => [0, 1, 2, 3].filter(compileExpression(text, { columns: names, constants: tagBits() }).bind(cols));

describe('event expressions', () => {
  it('evaluates comparisons, logic, arithmetic and precedence', () => {
    const e = compileExpression('e_ecal < 50 && e_hcal < 1');
    expect(e.columns).toEqual(['e_ecal', 'e_hcal']);
    expect(e.test(row({ e_ecal: 10, e_hcal: 0.5 }))).toBe(true);
    expect(e.test(row({ e_ecal: 60, e_hcal: 0.5 }))).toBe(false);
    expect(compileExpression('1 + 2 * 3 == 7').test(row({}))).toBe(true);
    expect(compileExpression('(1 + 2) * 3').evaluate(row({}))).toBe(9);
    expect(compileExpression('!(a > 1) || b >= 2').test(row({ a: 5, b: 2 }))).toBe(true);
    expect(compileExpression('-a + 4 % 3').evaluate(row({ a: 2 }))).toBe(-1);
    expect(compileExpression('1e2 > 99.5 && .5 < 1').test(row({}))).toBe(true);
    expect(rows('e_ecal >= 60 && n_tracks == 2')).toEqual([3]);
    expect(rows('e_ecal * 2 - 1 > 100 + 19')).toEqual([3]);
    expect(rows('-e_ecal < -50')).toEqual([1, 3]);
  });

  it('bit operators bind tighter than comparisons; tag names are bits', () => {
    expect(rows('e_ecal < 20 || tags & 8 != 0')).toEqual([0, 1, 2]);
    expect(rows('!(tags & 1)')).toEqual([1, 3]);
    expect(rows('tags & srd_tagged')).toEqual([1, 2]);
    expect(compileExpression('tags & x17', { constants: tagBits() }).test(row({ tags: 4 | 8 }))).toBe(true);
    expect(compileExpression('tags & (dimuon | invisible)', { constants: tagBits() }).test(row({ tags: 1 }))).toBe(true);
  });

  it('a missing value (NaN) never selects', () => {
    expect(compileExpression('p_in').test(row({ p_in: NaN }))).toBe(false);
    expect(rows('e_ecal != 10')).toEqual([1, 3]);
  });

  it('rejects bad input with a position on one line, and never evaluates code', () => {
    const cases: [string, RegExp][] = [
      ['e_ecal < ', /unexpected end of expression at position 10/],
      ['a = 1', /unexpected character "=" at position 3/],
      ['alert(1)', /unexpected "\(" at position 6/],
      ['e_ecal < 1; process.exit()', /unexpected character ";"/],
      ['', /empty/],
      ['(e_ecal > 1', /expected "\)"/],
    ];
    for (const [text, message] of cases) {
      expect(() => compileExpression(text), text).toThrow(ExpressionError);
      expect(() => compileExpression(text), text).toThrow(message);
    }
    expect(() => compileExpression('e_hcall < 1', { columns: names })).toThrow(/^unknown column "e_hcall" \(columns: e_ecal, tags, n_tracks\) at position 1$/);
  });
});
