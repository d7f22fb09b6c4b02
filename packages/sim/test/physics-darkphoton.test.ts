import { describe, expect, it } from 'vitest';
import {
  createRng,
  darkPhotonChi,
  darkPhotonCrossSection,
  darkPhotonCrossSectionIWW,
  darkPhotonKFactor,
  darkPhotonDsigmaDxWW,
  DarkPhotonXSampler,
  darkPhotonXRange,
  interactionRatePerMm,
  biasedEmission,
  primaryElectronIntegral,
  primaryElectronTrackLength,
  darkPhotonYieldPerEot,
  gammaP,
} from '@na64/sim';

const Pb = { Z: 82, A: 207.2 };
const ME = 0.51099895e-3;
const ALPHA = 1 / 137.035999084;

describe('A\' production cross section', () => {
  it('reproduces the DMG4 check value sigma_ETL = 3643 pb (Pb, 16.7 MeV, eps 1e-4, 150 GeV) within 20%', () => {
    const s = darkPhotonCrossSection(0.0167, 1e-4, 150, Pb);
    expect(Math.abs(s / 3643 - 1)).toBeLessThan(0.2);
  });

  it('chi equals the integral of the elastic form factor (independent trapezoid in t)', () => {
    const m = 0.0167;
    const E0 = 150;
    const a = (111 * Math.pow(82, -1 / 3)) / ME;
    const d = 0.164 * Math.pow(207.2, -2 / 3);
    const tmin = (m * m / (2 * E0)) ** 2;
    const tmax = m * m;
    // trapezoid on a geometric grid
    const n = 50000;
    let s = 0;
    let prevT = tmin;
    let prevF = 0;
    for (let i = 1; i <= n; i++) {
      const t = tmin * Math.pow(tmax / tmin, i / n);
      const G2 = 82 * 82 * ((a * a * t) / (1 + a * a * t)) ** 2 / (1 + t / d) ** 2;
      const f = ((t - tmin) / (t * t)) * G2;
      s += 0.5 * (f + prevF) * (t - prevT);
      prevT = t;
      prevF = f;
    }
    expect(darkPhotonChi(m, E0, Pb) / s).toBeCloseTo(1, 3);
  });

  it('K-factor table and ln(m) interpolation', () => {
    expect(darkPhotonKFactor(0.001)).toBeCloseTo(0.6, 12);
    expect(darkPhotonKFactor(0.02)).toBeCloseTo(1.2, 12);
    expect(darkPhotonKFactor(0.1)).toBeCloseTo(1.65, 12);
    expect(darkPhotonKFactor(1)).toBeCloseTo(2.1, 12);
    // geometric midpoint of 20 and 100 MeV -> arithmetic mean of K
    expect(darkPhotonKFactor(Math.sqrt(0.02 * 0.1))).toBeCloseTo((1.2 + 1.65) / 2, 12);
    expect(darkPhotonKFactor(0.0001)).toBeCloseTo(0.6, 12);
    expect(darkPhotonKFactor(5)).toBeCloseTo(2.1, 12);
    const iww = darkPhotonCrossSectionIWW(0.05, 1e-4, 100, Pb);
    expect(darkPhotonCrossSection(0.05, 1e-4, 100, Pb)).toBeCloseTo(iww / darkPhotonKFactor(0.05), 6);
  });

  it('cross section scales as eps^2', () => {
    const a = darkPhotonCrossSection(0.0167, 1e-4, 100, Pb);
    const b = darkPhotonCrossSection(0.0167, 1e-3, 100, Pb);
    expect(b / a).toBeCloseTo(100, 8);
  });

  it('DESIGN leading-order dsigma/dx formula (4 alpha^3 eps^2 chi/m^2) x [1 + x^2/(3(1-x))]', () => {
    const m = 0.05;
    const chi = darkPhotonChi(m, 100, Pb);
    const x = 0.6;
    const expected = ((4 * ALPHA ** 3 * 1e-8 * chi) / (m * m)) * x * (1 + (x * x) / (3 * (1 - x))) * 0.3893793721e9;
    expect(darkPhotonDsigmaDxWW(x, m, 1e-4, 100, Pb)).toBeCloseTo(expected, 6);
  });
});

describe('A\' energy spectrum sampling', () => {
  // Angle-integrated IWW spectrum (0906.0580 double-differential integrated over theta), with
  // the electron-mass regulator: beta_A [(1-x+x^2/2)/U0 - x(1-x) m^2/(6 U0^2)], U0 = m^2(1-x)/x + m_e^2 x.
  function shape(x: number, m: number, E0: number): number {
    const U0 = (m * m * (1 - x)) / x + ME * ME * x;
    const bA = Math.sqrt(1 - (m / (x * E0)) ** 2);
    return bA * ((1 - x + (x * x) / 2) / U0 - (x * (1 - x) * m * m) / (6 * U0 * U0));
  }
  function cdfTable(m: number, E0: number, xCut: number) {
    const lo = Math.max(m / E0, xCut);
    const hi = 1 - ME / E0;
    // Simpson in w = ln(1-x) over 200000 intervals
    const n = 200000;
    const w0 = Math.log(1 - lo);
    const w1 = Math.log(1 - hi);
    const xs = new Float64Array(n + 1);
    const F = new Float64Array(n + 1);
    let prev = 0;
    for (let i = 0; i <= n; i++) {
      const w = w0 + ((w1 - w0) * i) / n;
      const x = 1 - Math.exp(w);
      xs[i] = x;
      const g = x > m / E0 ? shape(x, m, E0) * (1 - x) : 0;
      if (i > 0) F[i] = F[i - 1] + 0.5 * (g + prev) * Math.abs(w1 - w0) / n;
      prev = g;
    }
    for (let i = 0; i <= n; i++) F[i] /= F[n];
    return (x: number) => {
      let a = 0;
      let b = n;
      while (b - a > 1) {
        const c = (a + b) >> 1;
        if (xs[c] <= x) a = c;
        else b = c;
      }
      return F[a] + ((F[b] - F[a]) * (x - xs[a])) / (xs[b] - xs[a]);
    };
  }

  it.each([
    [0.0167, 100, 0],
    [0.001, 100, 0],
    [0.2, 100, 0.5],
  ])('m = %f GeV, E0 = %f GeV, x >= %f: KS test against the formula', (m, E0, xCut) => {
    const sampler = new DarkPhotonXSampler(m, E0, xCut);
    const F = cdfTable(m, E0, xCut);
    const rng = createRng(1234);
    const n = 20000;
    const xs = Array.from({ length: n }, () => sampler.sample(rng)).sort((a, b) => a - b);
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = F(xs[i]);
      d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    }
    expect(d).toBeLessThan(1.63 / Math.sqrt(n)); // KS at alpha = 1%
    const [x0, x1] = darkPhotonXRange(m, E0);
    expect(xs[0]).toBeGreaterThanOrEqual(Math.max(x0, xCut));
    expect(xs[n - 1]).toBeLessThanOrEqual(x1);
  });

  it('the regulated spectrum integrates to the total IWW cross section within 10%', () => {
    const m = 0.0167;
    const E0 = 150;
    const chi = darkPhotonChi(m, E0, Pb);
    const n = 200000;
    const w0 = Math.log(1 - m / E0);
    const w1 = Math.log(ME / E0);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = 1 - Math.exp(w0 + ((w1 - w0) * (i + 0.5)) / n);
      s += shape(x, m, E0) * (1 - x);
    }
    s *= Math.abs(w1 - w0) / n;
    const integral = 4 * ALPHA ** 3 * 1e-8 * chi * s * 0.3893793721e9;
    expect(Math.abs(integral / darkPhotonCrossSectionIWW(m, 1e-4, E0, Pb) - 1)).toBeLessThan(0.1);
  });
});

describe('emission rate, bias and yield', () => {
  const lead = { Z: 82, A: 207.2, density: 11.35, X0: 5.612 };
  it('rate per mm = N_A rho / A * sigma', () => {
    const r = interactionRatePerMm(1000, lead);
    expect(r).toBeCloseTo(((6.02214076e23 * 11.35) / 207.2) * 1e-3 * 1000 * 1e-34, 20);
  });
  it('biased emission: rate scaled by bias, weight 1/bias, weighted count unbiased', () => {
    const rng = createRng(5);
    const rate = 1e-9;
    const bias = 1e6;
    const step = 10;
    let w = 0;
    const n = 100000;
    for (let i = 0; i < n; i++) {
      const e = biasedEmission(rate, step, bias, rng);
      if (e.emitted) {
        expect(e.weight).toBe(1 / bias);
        expect(e.distanceMm).toBeLessThan(step);
        w += e.weight;
      }
    }
    const pTrue = 1 - Math.exp(-rate * step);
    // emitted fraction ~ 1 - exp(-1e-2) ~ 1%: weighted sum / n estimates pTrue to ~1% (first order)
    expect(Math.abs(w / n / pTrue - 1)).toBeLessThan(0.05);
  });
  it('primary-electron integral: g = 1 reproduces Int P(4t/3, ln(E0/Emin)) dt', () => {
    const num = primaryElectronIntegral(100, 5, 1, () => 1);
    let s = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) s += gammaP((4 / 3) * ((i + 0.5) * 5) / n, Math.log(100));
    expect(num / ((s * 5) / n)).toBeCloseTo(1, 2);
    expect(primaryElectronTrackLength(100, 5, 1) / ((s * 5) / n)).toBeCloseTo(1, 3);
  });
  it('thin-target yield per EOT -> n sigma(E0) L; thick target grows sub-linearly', () => {
    const m = 0.0167;
    const thin = darkPhotonYieldPerEot({ m, eps: 1e-4, E0: 100, target: lead, thicknessX0: 0.01 });
    const expected = interactionRatePerMm(darkPhotonCrossSection(m, 1e-4, 100, Pb), lead) * 0.01 * 5.612;
    expect(Math.abs(thin / expected - 1)).toBeLessThan(0.02);
    const y1 = darkPhotonYieldPerEot({ m, eps: 1e-4, E0: 100, target: lead, thicknessX0: 1, eAMin: 50 });
    const y40 = darkPhotonYieldPerEot({ m, eps: 1e-4, E0: 100, target: lead, thicknessX0: 40, eAMin: 50 });
    expect(y40).toBeGreaterThan(y1);
    expect(y40).toBeLessThan(40 * y1);
  });
});
