import { describe, expect, it } from 'vitest';
import { gammaP, gammaQ, lnGamma, erf, erfc } from '@na64/sim';

describe('regularised incomplete gamma P(a, x)', () => {
  it('integer a: closed form 1 - e^-x sum_{k<a} x^k/k!', () => {
    // P(1,x) = 1 - e^-x; P(2,1) = 1 - 2/e = 0.26424111765711533; P(3,2) = 1 - 5 e^-2 = 0.32332358381693654
    expect(gammaP(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 14);
    expect(gammaP(2, 1)).toBeCloseTo(0.26424111765711533, 13);
    expect(gammaP(3, 2)).toBeCloseTo(0.32332358381693654, 13);
    // P(10, 15) = 1 - e^-15 sum_{k=0}^{9} 15^k/k! (continued-fraction branch)
    let s = 0;
    let term = 1;
    for (let k = 0; k < 10; k++) {
      s += term;
      term *= 15 / (k + 1);
    }
    expect(gammaP(10, 15)).toBeCloseTo(1 - Math.exp(-15) * s, 12);
  });
  it('half-integer a against tabulated erf (Abramowitz & Stegun table 7.1)', () => {
    // P(1/2, x^2) = erf(x): erf(0.5) = 0.5204998778, erf(1) = 0.8427007929, erf(2) = 0.9953222650
    expect(gammaP(0.5, 0.25)).toBeCloseTo(0.5204998778, 9);
    expect(erf(1)).toBeCloseTo(0.8427007929, 9);
    expect(erf(2)).toBeCloseTo(0.995322265, 9);
    expect(erfc(3)).toBeCloseTo(2.209049699858544e-5, 15);
    // P(3/2, x) = erf(sqrt x) - 2 sqrt(x/pi) e^-x
    const x = 1.7;
    expect(gammaP(1.5, x)).toBeCloseTo(erf(Math.sqrt(x)) - 2 * Math.sqrt(x / Math.PI) * Math.exp(-x), 12);
  });
  it('P + Q = 1, limits and monotonicity', () => {
    for (const [a, x] of [[0.3, 0.1], [4.2, 3.9], [50, 60], [7, 0.01]]) {
      expect(gammaP(a, x) + gammaQ(a, x)).toBeCloseTo(1, 14);
    }
    expect(gammaP(3, 0)).toBe(0);
    expect(gammaP(3, Infinity)).toBe(1);
    expect(gammaP(2.5, 3)).toBeGreaterThan(gammaP(2.5, 2.9));
  });
  it('lnGamma against factorials and Gamma(1/2) = sqrt(pi)', () => {
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(171)).toBeCloseTo(706.5730622457874, 9);
  });
});
