import { describe, expect, it } from 'vitest';
import {
  createRng,
  landauParams,
  sampleMipDeposit,
  densityEffect,
  simulateHadronShower,
  hadronLongitudinalFraction,
  bockParams,
  NA64_HCAL_RESOLUTION,
  MUON_MASS,
} from '@na64/sim';
import { mipMaterial, sampleMipLoss } from '../src/physics/mip.ts';

// Silicon (PDG): Z/A = 14/28.0855, rho = 2.329 g/cm3, I = 173 eV, dE/dx min 3.876 MeV/cm.
const Si = { Z: 14, A: 28.0855, density: 2.329, dEdxMin: 3.876, meanExcitation: 173 };
// Iron (PDG): rho = 7.874, I = 286 eV, dE/dx min 11.4 MeV/cm (DESIGN 7), X0 17.57 mm, lambda_I 167.7 mm.
const Fe = { Z: 26, A: 55.845, density: 7.874, dEdxMin: 11.4, meanExcitation: 286 };

describe('MIP energy loss (Landau)', () => {
  it('most probable loss of a relativistic muon in 300 um Si is ~84 keV (PDG formula by hand)', () => {
    // xi = 0.1535 MeV * (14/28.0855) * 0.06987 g/cm2 = 5.347 keV; bracket (beta gamma = 100):
    // ln(1.022e6*1e4/173) + ln(5347/173) + 0.2 - 1 - delta, delta = 2 ln(31.05/173) + 2 ln 100 - 1
    const lp = landauParams(Si, 0.3, 100 * MUON_MASS, MUON_MASS);
    expect(lp.xi * 1e6).toBeCloseTo(5.347, 2);
    expect(lp.mpv * 1e6).toBeGreaterThan(84.2 * 0.97);
    expect(lp.mpv * 1e6).toBeLessThan(84.2 * 1.03);
    expect(lp.fwhm).toBeCloseTo(4 * lp.xi, 15);
    // MPV per unit thickness is below the mean dE/dx (PDG: Dp/x ~ 0.7 of the mean for thin Si)
    expect(lp.mpv / lp.meanMip).toBeGreaterThan(0.6);
    expect(lp.mpv / lp.meanMip).toBeLessThan(0.8);
    expect(densityEffect(Si, 100)).toBeCloseTo(2 * Math.log((28.816 * Math.sqrt(2.329 * 14 / 28.0855)) / 173) + 2 * Math.log(100) - 1, 12);
  });

  it('sampled deposits: median = MPV + xi (1.3558 + 0.2228), clamped to >= 0', () => {
    const rng = createRng(31);
    const p = 160;
    const lp = landauParams(Fe, 25, p, MUON_MASS);
    const n = 40000;
    const v = Array.from({ length: n }, () => sampleMipDeposit(Fe, 25, p, MUON_MASS, rng)).sort((a, b) => a - b);
    const median = v[n >> 1];
    const expected = lp.mpv + lp.xi * (1.3558 + 0.22278);
    expect(Math.abs(median - expected)).toBeLessThan(0.05 * lp.xi + 0.005 * expected);
    expect(v[0]).toBeGreaterThanOrEqual(0);
    // 25 mm Fe: MPV within the 20-30 MeV range (mean loss 28.5 MeV at dE/dx min)
    expect(lp.mpv).toBeGreaterThan(0.02);
    expect(lp.mpv).toBeLessThan(0.0285);
  });
});

describe('MIP energy loss with per-material constants', () => {
  it('sampleMipLoss draws the same deposits as sampleMipDeposit (to rounding)', () => {
    // Momenta below, near and far above the density-effect threshold (beta gamma ~ 8.5 in Fe).
    for (const m of [Si, Fe]) {
      for (const p of [0.3, 0.9, 1, 160]) {
        for (const mm of [0.3, 25, 1200]) {
          const a = createRng(7);
          const b = createRng(7);
          for (let i = 0; i < 200; i++) {
            const ref = sampleMipDeposit(m, mm, p, MUON_MASS, a);
            const fast = sampleMipLoss(mipMaterial(m), mm, p, MUON_MASS, b);
            expect(Math.abs(fast - ref)).toBeLessThanOrEqual(1e-12 * ref + 1e-18);
          }
        }
      }
    }
  });
});

describe('hadronic showers (Bock et al. 1981)', () => {
  const hcal = { X0: 17.57, lambdaI: 167.7, resolution: NA64_HCAL_RESOLUTION };
  it('Bock parameters and full-depth normalisation', () => {
    const b = bockParams(100);
    expect(b.a).toBeCloseTo(0.6165 + 0.3183 * Math.log(100), 12);
    expect(b.d).toBeCloseTo(0.9099 - 0.0237 * Math.log(100), 12);
    expect(hadronLongitudinalFraction(100, hcal, 0, 1e6)).toBeCloseTo(1, 10);
    expect(hadronLongitudinalFraction(100, hcal, 0, 200)).toBeLessThan(hadronLongitudinalFraction(100, hcal, 0, 400));
  });
  it('start point exponential with mean lambda_I; resolution ~60%/sqrt(E)', () => {
    const rng = createRng(41);
    const n = 3000;
    let sStart = 0;
    const tot: number[] = [];
    for (let i = 0; i < n; i++) {
      const sh = simulateHadronShower(50, { ...hcal, resolution: NA64_HCAL_RESOLUTION }, rng, {
        sliceMm: 50,
        depthMm: 40 * 167.7,
      });
      sStart += sh.start;
      if (sh.start < 167.7) tot.push(sh.total); // early showers: well contained
    }
    expect(Math.abs(sStart / n / 167.7 - 1)).toBeLessThan(4 / Math.sqrt(n));
    const m = tot.reduce((a, b) => a + b, 0) / tot.length;
    const s = Math.sqrt(tot.reduce((a, b) => a + (b - m) ** 2, 0) / (tot.length - 1));
    const expected = Math.hypot(0.6 / Math.sqrt(50), 0.03);
    expect(Math.abs(s / m / expected - 1)).toBeLessThan(0.1);
    expect(Math.abs(m / 50 - 1)).toBeLessThan(0.02);
  });
});
