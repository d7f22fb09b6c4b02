import { describe, expect, it } from 'vitest';
import {
  createRng,
  homogeneousCalorimeter,
  samplingCalorimeter,
  gflashLongitudinalParams,
  gflashMedianProfile,
  longitudinalFraction,
  sampleGflashProfile,
  simulateEmShower,
  sampleEmSpots,
  gflashLateralParams,
  moliereRadiusFrom,
  NA64_ECAL_RESOLUTION,
  gammaP,
} from '@na64/sim';
import { EmShowerSlices, GflashLateral } from '../src/physics/em-shower.ts';

// PDG "Atomic and nuclear properties": Pb X0 = 5.612 mm, R_M = 16.02 mm, E_c(e-) = 7.43 MeV;
// polystyrene scintillator X0 = 413.1 mm, R_M = 95.9 mm (approx.), E_c = 93.11 MeV.
const lead = { Z: 82, A: 207.2, density: 11.35, X0: 5.612, moliereRadius: 16.02, criticalEnergy: 7.43 };
const scint = { Z: 5.6, A: 11.2, density: 1.032, X0: 413.1, moliereRadius: 95.9, criticalEnergy: 93.11 };

describe('GFlash longitudinal profile', () => {
  it('parameters follow the homogeneous formulas of hep-ex/0001020', () => {
    const calo = homogeneousCalorimeter(lead);
    const E = 50;
    const lny = Math.log(E / 7.43e-3);
    const p = gflashLongitudinalParams(E, calo);
    expect(p.meanLnT).toBeCloseTo(Math.log(lny - 0.812), 12);
    expect(p.meanLnAlpha).toBeCloseTo(Math.log(0.81 + (0.458 + 2.26 / 82) * lny), 12);
    expect(p.sigmaLnT).toBeCloseTo(1 / (-1.4 + 1.26 * lny), 12);
    expect(p.sigmaLnAlpha).toBeCloseTo(1 / (-0.58 + 0.86 * lny), 12);
    expect(p.rho).toBeCloseTo(0.705 - 0.023 * lny, 12);
  });

  it('sampling corrections shift T by -0.55/Fs - 0.69(1-ehat) and alpha by -0.476/Fs', () => {
    const calo = samplingCalorimeter(lead, scint, 1.5, 1.5);
    const { Fs, ehat } = calo.sampling!;
    expect(Fs).toBeCloseTo(calo.X0 / 3, 12);
    expect(ehat).toBeCloseTo(1 / (1 + 0.007 * (82 - 5.6)), 12);
    const lny = Math.log(20 / (calo.criticalEnergy * 1e-3));
    const p = gflashLongitudinalParams(20, calo);
    expect(Math.exp(p.meanLnT)).toBeCloseTo(lny - 0.812 - 0.55 / Fs - 0.69 * (1 - ehat), 10);
    expect(Math.exp(p.meanLnAlpha)).toBeCloseTo(0.81 + (0.458 + 2.26 / calo.Z) * lny - 0.476 / Fs, 10);
    // effective X0 of 1.5 mm Pb + 1.5 mm Sc: 3 / (1.5/5.612 + 1.5/413.1)
    expect(calo.X0).toBeCloseTo(3 / (1.5 / 5.612 + 1.5 / 413.1), 10);
  });

  it('geometric-mean depth of maximum follows ln(E/Ec) - 0.812 (grows like ln E)', () => {
    const calo = homogeneousCalorimeter(lead);
    const rng = createRng(5);
    const n = 4000;
    const Ts: number[] = [];
    for (const E of [10, 50, 100]) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.log(sampleGflashProfile(E, calo, rng).T);
      const tGeo = Math.exp(s / n);
      const expected = Math.log(E / 7.43e-3) - 0.812;
      expect(Math.abs(tGeo / expected - 1)).toBeLessThan(0.02);
      Ts.push(tGeo);
    }
    // slope dT/d ln E between 10 and 100 GeV is 1 (within 5%)
    expect((Ts[2] - Ts[0]) / Math.log(10)).toBeGreaterThan(0.95);
    expect((Ts[2] - Ts[0]) / Math.log(10)).toBeLessThan(1.05);
  });

  it('slice energies are differences of P(alpha, beta t), sum to E minus leakage, peak near T', () => {
    const calo = homogeneousCalorimeter(lead);
    const sh = simulateEmShower(100, calo, createRng(3), { sliceX0: 0.5, depthX0: 30, fluctuate: false });
    const { alpha, beta, T } = sh.profile;
    expect(sh.meanDeposits[4]).toBeCloseTo(100 * (gammaP(alpha, beta * 2.5) - gammaP(alpha, beta * 2)), 10);
    expect(sh.total + sh.leakage).toBeCloseTo(100, 9);
    let imax = 0;
    for (let i = 0; i < sh.deposits.length; i++) if (sh.deposits[i] > sh.deposits[imax]) imax = i;
    expect(Math.abs((imax + 0.5) * 0.5 - T)).toBeLessThan(0.6);
    // mean depth of the Gamma profile = alpha/beta
    const med = gflashMedianProfile(100, calo);
    expect(longitudinalFraction(med.alpha, med.beta, 0, 1e4)).toBeCloseTo(1, 12);
  });

  it('resolution fitted from 10/50/100 GeV gives a in 8-11% (NA64 ECAL parameters)', () => {
    const calo = samplingCalorimeter(lead, scint, 1.5, 1.5, NA64_ECAL_RESOLUTION);
    const rng = createRng(77);
    const Es = [10, 50, 100];
    const rel2: number[] = [];
    for (const E of Es) {
      const n = 1500;
      const v: number[] = [];
      for (let i = 0; i < n; i++) v.push(simulateEmShower(E, calo, rng, { sliceX0: 2, depthX0: 80 }).total);
      const m = v.reduce((a, b) => a + b, 0) / n;
      const s2 = v.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
      expect(Math.abs(m / E - 1)).toBeLessThan(0.01); // containment in 80 X0
      rel2.push(s2 / (m * m));
    }
    // least squares of (sigma/E)^2 = a^2 (1/E) + b^2
    const xs = Es.map((E) => 1 / E);
    const xm = xs.reduce((a, b) => a + b, 0) / 3;
    const ym = rel2.reduce((a, b) => a + b, 0) / 3;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < 3; i++) {
      sxy += (xs[i] - xm) * (rel2[i] - ym);
      sxx += (xs[i] - xm) ** 2;
    }
    const a = Math.sqrt(sxy / sxx);
    expect(a).toBeGreaterThan(0.08);
    expect(a).toBeLessThan(0.11);
  });
});

describe('GFlash lateral profile', () => {
  it('radius sampling r = R sqrt(u/(1-u)) reproduces the CDF r^2/(r^2+R^2)', () => {
    const calo = homogeneousCalorimeter(lead);
    const sh = simulateEmShower(50, calo, createRng(8), { sliceX0: 1, depthX0: 40, fluctuate: false });
    const spots = sampleEmSpots(sh, calo, createRng(9), { nSpots: 20000 });
    let eSum = 0;
    for (let i = 0; i < spots.e.length; i++) eSum += spots.e[i];
    expect(eSum).toBeCloseTo(sh.total, 8);
    // For one depth, compare the fraction within R_C with the mixture CDF.
    const tau = 1;
    const lat = gflashLateralParams(50, 82, tau);
    const rng = createRng(10);
    const n = 40000;
    let inside = 0;
    const r0 = lat.coreRadius; // in R_M
    for (let i = 0; i < n; i++) {
      const R = rng.uniform() < lat.coreProbability ? lat.coreRadius : lat.tailRadius;
      const u = rng.uniform();
      if (R * Math.sqrt(u / (1 - u)) < r0) inside++;
    }
    const F = (R: number) => (r0 * r0) / (r0 * r0 + R * R);
    const expected = lat.coreProbability * F(lat.coreRadius) + (1 - lat.coreProbability) * F(lat.tailRadius);
    expect(Math.abs(inside / n - expected)).toBeLessThan(4 * Math.sqrt(0.25 / n));
    // R_M = E_s X0 / E_c (PDG): Pb 21.2052 * 5.612 / 7.43 = 16.0 mm
    expect(moliereRadiusFrom(5.612, 7.43)).toBeCloseTo(16.02, 1);
  });

  it('about 90% of the shower energy lies within one Moliere radius (PDG), 85-97% here', () => {
    const calo = homogeneousCalorimeter(lead);
    const rng = createRng(21);
    let inR = 0;
    let tot = 0;
    for (let k = 0; k < 20; k++) {
      const sh = simulateEmShower(50, calo, rng, { sliceX0: 1, depthX0: 40, fluctuate: false });
      const sp = sampleEmSpots(sh, calo, rng, { nSpots: 3000 });
      for (let i = 0; i < sp.e.length; i++) {
        tot += sp.e[i];
        if (sp.r[i] < lead.moliereRadius) inR += sp.e[i];
      }
    }
    expect(inR / tot).toBeGreaterThan(0.85);
    expect(inR / tot).toBeLessThan(0.97);
  });
});

describe('reusable shower objects', () => {
  it('EmShowerSlices and GflashLateral give what simulateEmShower and gflashLateralParams give', () => {
    const calo = samplingCalorimeter(lead, scint, 1.5, 1.5);
    calo.resolution = NA64_ECAL_RESOLUTION;
    const slices = new EmShowerSlices(2);
    const lateral = new GflashLateral();
    const bounds = [0, 1.5, 4.5, 7.5, 10.5, 13.5, 16.5, 19.5, 22.5, 25.5, 28.5, 31.5, 34.5, 37.5];
    for (const E of [0.5, 10, 100]) {
      const ref = simulateEmShower(E, calo, createRng(11), { boundariesX0: bounds });
      slices.sample(E, calo, createRng(11), bounds, bounds.length - 1);
      expect(slices.T).toBe(ref.profile.T);
      expect(slices.alpha).toBe(ref.profile.alpha);
      expect(slices.total).toBe(ref.total);
      expect(slices.leakage).toBe(ref.leakage);
      expect(Array.from(slices.deposits.subarray(0, bounds.length - 1))).toEqual(Array.from(ref.deposits));
      lateral.setShower(E, calo.Z);
      for (const tau of [0, 0.5, 1, 2.5]) {
        lateral.setDepth(tau);
        const lat = gflashLateralParams(E, calo.Z, tau);
        expect([lateral.coreRadius, lateral.tailRadius, lateral.coreProbability]).toEqual([lat.coreRadius, lat.tailRadius, lat.coreProbability]);
      }
    }
  });
});
