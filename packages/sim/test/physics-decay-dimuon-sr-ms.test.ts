import { describe, expect, it } from 'vitest';
import {
  createRng,
  darkPhotonWidthEE,
  darkPhotonDecayLength,
  sampleDecayDistance,
  decayDarkPhotonToEE,
  openingAngle,
  minimumOpeningAngle,
  dimuonCrossSection,
  dimuonCrossSectionAsymptotic,
  pairConversionCrossSection,
  sampleDimuonXPlus,
  sampleDimuonPair,
  bendingRadius,
  synchrotronCriticalEnergy,
  synchrotronPhotonCount,
  sampleSynchrotronX,
  sampleSynchrotronPhotons,
  integralK53,
  besselK,
  highlandTheta0,
  sampleMultipleScattering,
  ELECTRON_MASS,
  MUON_MASS,
  type FourMomentum,
} from '@na64/sim';

const ALPHA = 1 / 137.035999084;

describe('X17 / A\' -> e+e- decay', () => {
  const m = 0.0167;
  it('width formula and decay lengths 2.9 cm (eps 1e-3) and 2.9 m (eps 1e-4) at 100 GeV', () => {
    const r = (ELECTRON_MASS / m) ** 2;
    expect(darkPhotonWidthEE(m, 1e-3)).toBeCloseTo(((ALPHA * 1e-6 * m) / 3) * (1 + 2 * r) * Math.sqrt(1 - 4 * r), 20);
    expect(darkPhotonDecayLength(m, 1e-3, 100)).toBeGreaterThan(29 * 0.95);
    expect(darkPhotonDecayLength(m, 1e-3, 100)).toBeLessThan(29 * 1.05);
    expect(darkPhotonDecayLength(m, 1e-4, 100) / 1000).toBeGreaterThan(2.9 * 0.95);
    expect(darkPhotonDecayLength(m, 1e-4, 100) / 1000).toBeLessThan(2.9 * 1.05);
    expect(darkPhotonWidthEE(0.0009, 1e-3)).toBe(0); // below 2 m_e
  });

  it('decay distances are exponential with the formula mean (mean and KS shape)', () => {
    const rng = createRng(17);
    const L = darkPhotonDecayLength(m, 1e-3, 100);
    const n = 20000;
    const d = Array.from({ length: n }, () => sampleDecayDistance(m, 1e-3, 100, rng)).sort((a, b) => a - b);
    const mean = d.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean / L - 1)).toBeLessThan(4 / Math.sqrt(n));
    let ks = 0;
    for (let i = 0; i < n; i++) {
      const F = 1 - Math.exp(-d[i] / L);
      ks = Math.max(ks, Math.abs(F - i / n), Math.abs(F - (i + 1) / n));
    }
    expect(ks).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('e+e- conserve four-momentum; opening angle >= ~2m/E (0.33 mrad at 100 GeV), distribution starts there', () => {
    const rng = createRng(18);
    const E = 100;
    const p = Math.sqrt(E * E - m * m);
    const parent: FourMomentum = [0, 0, p, E];
    const thetaMin = (2 * m) / E;
    expect(thetaMin * 1e3).toBeCloseTo(0.334, 3);
    expect(minimumOpeningAngle(m, E)).toBeCloseTo(thetaMin, 6);
    const angles: number[] = [];
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const [ep, em] = decayDarkPhotonToEE(parent, rng);
      for (let k = 0; k < 4; k++) expect(Math.abs(ep[k] + em[k] - parent[k])).toBeLessThan(1e-9 * E);
      const inv2 = (ep[3] + em[3]) ** 2 - (ep[0] + em[0]) ** 2 - (ep[1] + em[1]) ** 2 - (ep[2] + em[2]) ** 2;
      if (i < 100) expect(Math.sqrt(inv2)).toBeCloseTo(m, 6);
      angles.push(openingAngle(ep, em));
    }
    angles.sort((a, b) => a - b);
    // 2m/E bounds the angle for massless daughters. With m_e > 0 a decay almost along the flight
    // direction can leave the backward electron moving slowly forward, giving a smaller angle:
    // the allowed window is about 1e-5 wide in the energy sharing, so such samples are very rare.
    const below = angles.filter((a) => a < 0.9 * thetaMin).length;
    expect(below / n).toBeLessThan(2e-4);
    // the bulk of the distribution starts at 2m/E: the 0.1% quantile lies in [0.98, 1.05] x 2m/E
    const q = angles[Math.floor(n * 1e-3)];
    expect(q).toBeGreaterThan(0.98 * thetaMin);
    expect(q).toBeLessThan(1.05 * thetaMin);
  });
});

describe('gamma -> mu+ mu- (G4GammaConversionToMuons formulas)', () => {
  const lead = { A: 207.2, density: 11.35, X0: 5.612 };
  it('e+e- pair cross section in Pb from 7/9 A/(N_A X0) is ~42 b', () => {
    expect(pairConversionCrossSection(lead) / 1e12).toBeCloseTo(42.2, 0);
  });
  it('mu/e ratio in lead at high energy ~4.5e-5 (DESIGN 7) within a factor 2; smaller at 100 GeV', () => {
    const ratioHigh = dimuonCrossSection(1e5, 82, 207.2) / pairConversionCrossSection(lead);
    expect(ratioHigh).toBeGreaterThan(4.5e-5 / 2);
    expect(ratioHigh).toBeLessThan(4.5e-5 * 2);
    const r100 = dimuonCrossSection(100, 82, 207.2) / pairConversionCrossSection(lead);
    expect(r100).toBeLessThan(ratioHigh);
    expect(r100).toBeGreaterThan(1e-5);
  });
  it('asymptote (28/9) alpha Z^2 r_mu^2 ln(W_inf), threshold at 4 m_mu, monotonic rise', () => {
    const rMuCm = (2.8179403262e-13 * ELECTRON_MASS) / MUON_MASS;
    const Dn = 1.54 * Math.pow(207.2, 0.27);
    const Winf = (183 * Math.pow(82, -1 / 3) * MUON_MASS) / (Dn * ELECTRON_MASS);
    const asym = (28 / 9) * ALPHA * 82 * 82 * rMuCm * rMuCm * Math.log(Winf) * 1e36;
    expect(dimuonCrossSectionAsymptotic(82, 207.2) / asym).toBeCloseTo(1, 8);
    expect(Math.abs(dimuonCrossSection(1e9, 82, 207.2) / asym - 1)).toBeLessThan(0.01);
    expect(dimuonCrossSection(4 * MUON_MASS * 0.999, 82, 207.2)).toBe(0);
    let prev = 0;
    for (const E of [0.5, 1, 5, 20, 100, 1000]) {
      const s = dimuonCrossSection(E, 82, 207.2);
      expect(s).toBeGreaterThan(prev);
      prev = s;
    }
  });
  it('x+ within kinematic limits, symmetric, and distributed as (1 - 4/3 x+x-) ln W(x+)', () => {
    const rng = createRng(19);
    const E = 50;
    const n = 20000;
    const sq = Math.sqrt(0.25 - MUON_MASS / E);
    let mean = 0;
    let central = 0;
    for (let i = 0; i < n; i++) {
      const x = sampleDimuonXPlus(E, 82, 207.2, rng);
      expect(x).toBeGreaterThanOrEqual(0.5 - sq);
      expect(x).toBeLessThanOrEqual(0.5 + sq);
      mean += x;
      if (Math.abs(x - 0.5) < 0.25) central++;
    }
    expect(Math.abs(mean / n - 0.5)).toBeLessThan(0.01);
    // Expected central fraction from the Burkhardt-Kelner-Kokoulin density, integrated here.
    const Dn = 1.54 * Math.pow(207.2, 0.27);
    const z3 = Math.pow(82, -1 / 3);
    const Winf = (183 * z3 * MUON_MASS) / (Dn * ELECTRON_MASS);
    const sBZ = (Math.sqrt(Math.E) * 183 * z3) / ELECTRON_MASS;
    const f = (x: number) => {
      const xpm = x * (1 - x);
      const del = (MUON_MASS * MUON_MASS) / (2 * E * xpm);
      const W = (Winf * (1 + ((Dn * Math.sqrt(Math.E) - 2) * del) / MUON_MASS)) / (1 + sBZ * del);
      return W > 1 ? (1 - (4 / 3) * xpm) * Math.log(W) : 0;
    };
    let all = 0;
    let mid = 0;
    const m = 100000;
    for (let i = 0; i < m; i++) {
      const x = 0.5 - sq + ((i + 0.5) * 2 * sq) / m;
      all += f(x);
      if (Math.abs(x - 0.5) < 0.25) mid += f(x);
    }
    expect(Math.abs(central / n - mid / all)).toBeLessThan(0.015);
  });
  it('pair energies add up and angles are ~ m_mu/E', () => {
    const rng = createRng(20);
    const E = 80;
    let sumTheta = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const pr = sampleDimuonPair(E, 82, 207.2, rng);
      expect(pr.muPlus[3] + pr.muMinus[3]).toBeCloseTo(E, 9);
      sumTheta += Math.acos(pr.muPlus[2] / Math.hypot(pr.muPlus[0], pr.muPlus[1], pr.muPlus[2]));
    }
    const typical = MUON_MASS / (0.5 * E);
    expect(sumTheta / n).toBeGreaterThan(0.3 * typical);
    expect(sumTheta / n).toBeLessThan(5 * typical);
  });
});

describe('synchrotron radiation', () => {
  it('critical energy ~12 MeV for 100 GeV e- in the MBPL field (1.8 T, 7 T m -> 21 mrad)', () => {
    const rho = bendingRadius(100, 1.8);
    expect(rho / 1000).toBeCloseTo(100 / (0.299792458 * 1.8), 6);
    const Ec = synchrotronCriticalEnergy(100, ELECTRON_MASS, rho);
    // (3/2) hbar c gamma^3 / rho = 1.5 * 1.973e-16 GeV m * (100/0.000511)^3 / 185.3 m
    expect(Ec * 1e3).toBeGreaterThan(12 * 0.9);
    expect(Ec * 1e3).toBeLessThan(12 * 1.1);
    const theta = (0.299792458 * 7) / 100;
    expect(theta).toBeCloseTo(0.021, 3);
    expect(synchrotronPhotonCount(100, ELECTRON_MASS, theta)).toBeCloseTo(
      (5 / (2 * Math.sqrt(3))) * ALPHA * (100 / ELECTRON_MASS) * theta,
      8,
    );
  });
  it('K_nu against tabulated values; Int_0^inf of Int_x K_5/3 = 5 pi/3', () => {
    // A&S table 9.8: K_0(1) = 0.4210244382, K_1(1) = 0.6019072302; K_1/2(x) = sqrt(pi/(2x)) e^-x
    expect(besselK(0, 1)).toBeCloseTo(0.4210244382, 9);
    expect(besselK(1, 1)).toBeCloseTo(0.6019072302, 9);
    expect(besselK(0.5, 2)).toBeCloseTo(Math.sqrt(Math.PI / 4) * Math.exp(-2), 10);
    // Int_0^inf dx Int_x^inf K_5/3 = Int_0^inf s K_5/3(s) ds = Gamma(11/6) Gamma(1/6) = 5 pi / 3
    let s = 0;
    const n = 3000;
    const l0 = Math.log(1e-9);
    const l1 = Math.log(80);
    for (let i = 0; i < n; i++) {
      const x = Math.exp(l0 + ((i + 0.5) * (l1 - l0)) / n);
      s += integralK53(x) * x;
    }
    s *= (l1 - l0) / n;
    s += 3 * 1e-9 * integralK53(1e-9); // x^(-2/3) tail below 1e-9
    expect(s / ((5 * Math.PI) / 3)).toBeCloseTo(1, 3);
  });
  it('mean photon energy = 8/(15 sqrt 3) E_c; photon count Poisson with the formula mean', () => {
    const rng = createRng(23);
    const n = 200000;
    let sx = 0;
    for (let i = 0; i < n; i++) sx += sampleSynchrotronX(rng);
    expect(sx / n / (8 / (15 * Math.sqrt(3)))).toBeGreaterThan(0.99);
    expect(sx / n / (8 / (15 * Math.sqrt(3)))).toBeLessThan(1.01);
    let count = 0;
    const bends = 2000;
    for (let i = 0; i < bends; i++) count += sampleSynchrotronPhotons(100, ELECTRON_MASS, 1.8, 0.021, rng).length;
    const Nexp = synchrotronPhotonCount(100, ELECTRON_MASS, 0.021);
    expect(Math.abs(count / bends / Nexp - 1)).toBeLessThan(4 * Math.sqrt(Nexp / bends) / Nexp);
  });
});

describe('multiple scattering', () => {
  it('Highland formula value (PDG eq. 34.15)', () => {
    // 1 GeV/c, beta = 1, x/X0 = 0.01: 13.6 MeV/GeV * 0.1 * (1 + 0.038 ln 0.01) = 1.1220 mrad
    expect(highlandTheta0(1, 0, 0.01, 1) * 1e3).toBeCloseTo(1.122, 3);
    // muon at 0.2 GeV/c through 10 mm of 17.57 mm X0 (Fe): beta < 1 enters twice
    const p = 0.2;
    const beta = p / Math.hypot(p, MUON_MASS);
    const t = 10 / 17.57;
    const expected = (0.0136 / (beta * p)) * Math.sqrt(t) * (1 + 0.038 * Math.log(t / (beta * beta)));
    expect(highlandTheta0(p, MUON_MASS, 10, 17.57)).toBeCloseTo(expected, 12);
  });
  it('sampled angle rms = theta0, displacement rms = x theta0/sqrt 3, correlation sqrt(3)/2', () => {
    const rng = createRng(29);
    const th0 = 2e-3;
    const x = 50;
    const n = 50000;
    let st = 0;
    let sy = 0;
    let sty = 0;
    for (let i = 0; i < n; i++) {
      const r = sampleMultipleScattering(th0, x, rng);
      st += r.thetaX ** 2;
      sy += r.dx ** 2;
      sty += r.thetaX * r.dx;
    }
    const rt = Math.sqrt(st / n);
    const ry = Math.sqrt(sy / n);
    expect(Math.abs(rt / th0 - 1)).toBeLessThan(0.015);
    expect(Math.abs(ry / ((x * th0) / Math.sqrt(3)) - 1)).toBeLessThan(0.015);
    expect(Math.abs(sty / n / (rt * ry) - Math.sqrt(3) / 2)).toBeLessThan(0.01);
  });
});
