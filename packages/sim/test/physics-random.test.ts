import { describe, expect, it } from 'vitest';
import { Azimuth, createRng, streamRng, landauPdf, landauCdf, sampleStandardLandau, LANDAU_MODE } from '@na64/sim';
import { erfc, gammaP } from '../src/physics/special.ts';
import { ZIGGURAT_R } from '../src/random/ziggurat.ts';

/** Kolmogorov-Smirnov distance between the sample and a continuous CDF. */
function ksDistance(sample: number[], cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort();
  let d = 0;
  for (let i = 0; i < xs.length; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, Math.abs(f - i / xs.length), Math.abs((i + 1) / xs.length - f));
  }
  return d;
}

const standardNormalCdf = (x: number) => 0.5 * erfc(-x / Math.SQRT2);

function meanVar(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return [m, v];
}

describe('Rng determinism and streams', () => {
  it('same seed gives the same sequence; different seeds differ', () => {
    const a = createRng(12345);
    const b = createRng(12345);
    const c = createRng(12346);
    const sa = Array.from({ length: 100 }, () => a.nextUint32());
    const sb = Array.from({ length: 100 }, () => b.nextUint32());
    const sc = Array.from({ length: 100 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa.filter((x, i) => x === sc[i]).length).toBeLessThan(3);
  });

  it('fork depends only on (key, streamId), not on the parent consumption', () => {
    const p1 = createRng(7);
    const p2 = createRng(7);
    for (let i = 0; i < 1000; i++) p2.uniform();
    const f1 = p1.fork(42);
    const f2 = p2.fork(42);
    expect(Array.from({ length: 50 }, () => f1.uniform())).toEqual(Array.from({ length: 50 }, () => f2.uniform()));
    const s = streamRng(7, 42);
    const f3 = createRng(7).fork(42);
    expect(s.nextUint32()).toBe(f3.nextUint32());
    // nested forks are not commutative
    expect(createRng(7).fork(1).fork(2).nextUint32()).not.toBe(createRng(7).fork(2).fork(1).nextUint32());
  });

  it('forked streams are uncorrelated (|r| < 4/sqrt(N)) and uniform', () => {
    const root = createRng(2024);
    const n = 20000;
    for (const [i, j] of [[0, 1], [1, 2], [5, 1000000]] as const) {
      const a = root.fork(i);
      const b = root.fork(j);
      const xa = Array.from({ length: n }, () => a.uniform());
      const xb = Array.from({ length: n }, () => b.uniform());
      const [ma, va] = meanVar(xa);
      const [mb, vb] = meanVar(xb);
      let cov = 0;
      for (let k = 0; k < n; k++) cov += (xa[k] - ma) * (xb[k] - mb);
      const r = cov / (n - 1) / Math.sqrt(va * vb);
      expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
      expect(ma).toBeCloseTo(0.5, 2);
      expect(va).toBeCloseTo(1 / 12, 2);
    }
  });

  it('uniform lies in [0, 1)', () => {
    const r = createRng(1);
    for (let i = 0; i < 10000; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});

describe('distributions: moments against their formulas', () => {
  const n = 100000;
  it('normal(2, 3): mean 2, variance 9', () => {
    const r = createRng(11);
    const [m, v] = meanVar(Array.from({ length: n }, () => r.normal(2, 3)));
    expect(Math.abs(m - 2)).toBeLessThan(5 * 3 / Math.sqrt(n));
    expect(v / 9).toBeGreaterThan(0.98);
    expect(v / 9).toBeLessThan(1.02);
  });
  it('normal(): KS against the normal CDF at 1%; P(|x| < a) up to the ziggurat base edge r', () => {
    const r = createRng(21);
    const xs = Array.from({ length: 400000 }, () => r.normal());
    expect(ksDistance(xs, standardNormalCdf)).toBeLessThan(1.63 / Math.sqrt(xs.length));
    // 4M deviates: P(|x| < a) within 5 binomial sigma (sigma ~ 2.5e-4), which a wrong wedge or
    // tail step of the ziggurat misses by 10 sigma and more.
    const m = 4000000;
    const edges = [0.5, 1, 1.5, 2, 2.5, 3, ZIGGURAT_R];
    const inside = new Array<number>(edges.length).fill(0);
    for (let i = 0; i < m; i++) {
      const x = Math.abs(r.normal());
      for (let j = 0; j < edges.length; j++) if (x < edges[j]) inside[j]++;
    }
    edges.forEach((a, j) => {
      const p = 1 - erfc(a / Math.SQRT2);
      expect(Math.abs(inside[j] / m - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / m));
    });
  });
  it.each([0.3, 2.5, 25])('gamma(k=%f): KS against the regularised incomplete gamma P(k, x) at 1%', (k) => {
    const r = createRng(22);
    const xs = Array.from({ length: 200000 }, () => r.gamma(k, 1));
    expect(ksDistance(xs, (x) => (x > 0 ? gammaP(k, x) : 0))).toBeLessThan(1.63 / Math.sqrt(xs.length));
  });
  it('exponential(mean 5): mean 5, variance 25', () => {
    const r = createRng(12);
    const [m, v] = meanVar(Array.from({ length: n }, () => r.exponential(5)));
    expect(Math.abs(m - 5)).toBeLessThan(0.08);
    expect(Math.abs(v / 25 - 1)).toBeLessThan(0.04);
  });
  it.each([0.3, 1, 2.5, 40])('gamma(k=%f, theta=2): mean 2k, variance 4k', (k) => {
    const r = createRng(13);
    const [m, v] = meanVar(Array.from({ length: n }, () => r.gamma(k, 2)));
    expect(Math.abs(m / (2 * k) - 1)).toBeLessThan(0.02);
    expect(Math.abs(v / (4 * k) - 1)).toBeLessThan(0.05);
  });
  it.each([0.7, 4, 25, 1000])('poisson(%f): mean = variance = mu, integer values', (mu) => {
    const r = createRng(14);
    const xs = Array.from({ length: n }, () => r.poisson(mu));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const [m, v] = meanVar(xs);
    expect(Math.abs(m / mu - 1)).toBeLessThan(5 * Math.sqrt(mu / n) / mu + 1e-3);
    expect(Math.abs(v / mu - 1)).toBeLessThan(0.04);
  });
  it('poisson(3): P(0) = exp(-3)', () => {
    const r = createRng(15);
    let zeros = 0;
    for (let i = 0; i < n; i++) if (r.poisson(3) === 0) zeros++;
    expect(Math.abs(zeros / n - Math.exp(-3))).toBeLessThan(0.003);
  });
});

describe('Landau distribution', () => {
  it('density maximum 0.18066 at lambda = -0.2228 (Koelbig & Schorr)', () => {
    expect(landauPdf(LANDAU_MODE)).toBeCloseTo(0.18066, 4);
    expect(landauPdf(LANDAU_MODE - 0.05)).toBeLessThan(landauPdf(LANDAU_MODE));
    expect(landauPdf(LANDAU_MODE + 0.05)).toBeLessThan(landauPdf(LANDAU_MODE));
  });
  it('FWHM of the standard Landau density is 4.018 (PDG: "w = 4 xi")', () => {
    const half = landauPdf(LANDAU_MODE) / 2;
    const root = (lo: number, hi: number) => {
      for (let i = 0; i < 60; i++) {
        const m = (lo + hi) / 2;
        if ((landauPdf(m) - half) * (landauPdf(lo) - half) > 0) lo = m;
        else hi = m;
      }
      return (lo + hi) / 2;
    };
    const w = root(LANDAU_MODE, 10) - root(-3, LANDAU_MODE);
    expect(w).toBeCloseTo(4.018, 2);
  });
  it('CDF derivative equals the density; median 1.3558', () => {
    for (const l of [-2, 0, 2, 8]) {
      const h = 1e-3;
      expect((landauCdf(l + h) - landauCdf(l - h)) / (2 * h)).toBeCloseTo(landauPdf(l), 5);
    }
    expect(sampleStandardLandau(0.5)).toBeCloseTo(1.3558, 3);
  });
  it('samples follow the CDF (KS distance < 1.63/sqrt(N), alpha = 1%)', () => {
    const r = createRng(99);
    const n = 20000;
    const xs = Array.from({ length: n }, () => r.landau(0, 1) + LANDAU_MODE).sort((a, b) => a - b);
    let d = 0;
    for (let i = 0; i < n; i++) {
      const F = landauCdf(xs[i]);
      d = Math.max(d, Math.abs(F - i / n), Math.abs(F - (i + 1) / n));
    }
    expect(d).toBeLessThan(1.63 / Math.sqrt(n));
  });
});

describe('Azimuth (tabulated cos / sin of a uniform angle)', () => {
  it('equals Math.cos / Math.sin(2 pi u) to a few units of the last place, table edges included', () => {
    const a = new Azimuth();
    const rng = createRng(17);
    const us = [0, 0.25, 0.5, 0.75, 1 / 1024, 1023 / 1024, 1 - 2 ** -53, 0.5 - 2 ** -40];
    for (let i = 0; i < 200000; i++) us.push(rng.uniform());
    let worst = 0;
    for (const u of us) {
      a.set(u);
      const phi = 2 * Math.PI * u;
      worst = Math.max(worst, Math.abs(a.cos - Math.cos(phi)), Math.abs(a.sin - Math.sin(phi)));
    }
    expect(worst).toBeLessThan(4e-15);
  });
});
