import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError, tagConstants } from '@na64/display';

const row = (values: Record<string, number>) => (c: string) => values[c];

describe('candidate expressions', () => {
  it('evaluates comparisons, logic and precedence', () => {
    const e = compileExpression('e_ecal < 50 && e_hcal < 1');
    expect(e.columns.sort()).toEqual(['e_ecal', 'e_hcal']);
    expect(e.test(row({ e_ecal: 10, e_hcal: 0.5 }))).toBe(true);
    expect(e.test(row({ e_ecal: 60, e_hcal: 0.5 }))).toBe(false);
    expect(compileExpression('1 + 2 * 3 == 7').test(row({}))).toBe(true);
    expect(compileExpression('(1 + 2) * 3').evaluate(row({}))).toBe(9);
    expect(compileExpression('!(a > 1) || b >= 2').test(row({ a: 5, b: 2 }))).toBe(true);
    expect(compileExpression('-a + 4 % 3').evaluate(row({ a: 2 }))).toBe(-1);
    expect(compileExpression('1e2 > 99.5 && .5 < 1').test(row({}))).toBe(true);
  });

  it('knows tag names as bits', () => {
    const e = compileExpression('tags & x17', tagConstants());
    expect(e.columns).toEqual(['tags']);
    expect(e.test(row({ tags: 4 | 8 }))).toBe(true);
    expect(e.test(row({ tags: 2 }))).toBe(false);
    expect(compileExpression('tags & (dimuon | invisible)', tagConstants()).test(row({ tags: 1 }))).toBe(true);
  });

  it('NaN never selects', () => {
    expect(compileExpression('p_in').test(row({ p_in: NaN }))).toBe(false);
  });

  it('rejects bad input with a position, and never evaluates code', () => {
    expect(() => compileExpression('e_ecal < ')).toThrow(/unexpected end of expression at position 10/);
    expect(() => compileExpression('a = 1')).toThrow(ExpressionError);
    expect(() => compileExpression('alert(1)')).toThrow(/unexpected "\("/);
    expect(() => compileExpression('a;b')).toThrow(/unexpected character ";"/);
    expect(() => compileExpression('')).toThrow(/empty/);
    expect(() => compileExpression('e_foo > 1', {}, ['e_ecal'])).toThrow(/unknown column "e_foo"/);
    expect(() => compileExpression('(a > 1')).toThrow(/expected "\)"/);
  });
});
