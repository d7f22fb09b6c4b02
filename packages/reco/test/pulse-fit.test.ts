import { describe, expect, it } from 'vitest';
import {
  MSADC_HALF_MAX_LEAD_NS,
  MSADC_MAX,
  MSADC_SAMPLE_NS,
  MSADC_TAU_NS,
  PULSE_CALIBRATION_PEDESTAL,
  PULSE_FALLBACK,
  PULSE_SATURATED,
  fitMsadcPulse,
  msadcPulseTemplate,
  msadcPulseTemplateDerivative,
  newPulseFit,
} from '@na64/reco';
import { TestRng } from './helpers/digitize.ts';

/** 32 samples of a template pulse on even/odd pedestals, Gaussian noise, 12-bit clipping. */
function pulse(rng: TestRng, A: number, T: number, pedEven: number, pedOdd: number, noise: number, n = 32): Int16Array {
  const s = new Int16Array(n);
  for (let k = 0; k < n; k++) {
    const v = (k % 2 === 0 ? pedEven : pedOdd) + A * msadcPulseTemplate(k * MSADC_SAMPLE_NS - T) + noise * rng.gauss();
    s[k] = Math.max(0, Math.min(MSADC_MAX, Math.round(v)));
  }
  return s;
}

function stats(values: number[]): { mean: number; rms: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const rms = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, rms };
}

describe('MSADC pulse template', () => {
  it('peaks at 1 at t = 0, starts tau before, and its derivative matches finite differences', () => {
    expect(msadcPulseTemplate(0)).toBe(1);
    expect(msadcPulseTemplate(-MSADC_TAU_NS)).toBe(0);
    expect(msadcPulseTemplate(-MSADC_TAU_NS - 5)).toBe(0);
    // (1 + t/tau)^2 exp(-2 t/tau) at t = tau: 4 e^-2.
    expect(msadcPulseTemplate(MSADC_TAU_NS)).toBeCloseTo(4 * Math.exp(-2), 12);
    for (const t of [-15, -5, 3, 17, 40, 90]) {
      const h = 1e-4;
      const numeric = (msadcPulseTemplate(t + h) - msadcPulseTemplate(t - h)) / (2 * h);
      expect(msadcPulseTemplateDerivative(t)).toBeCloseTo(numeric, 7);
    }
    expect(msadcPulseTemplate(MSADC_HALF_MAX_LEAD_NS)).toBeCloseTo(0.5, 9);
    expect(MSADC_HALF_MAX_LEAD_NS).toBeLessThan(0);
  });
});

describe('fitMsadcPulse', () => {
  it('recovers amplitude (bias < 1%) and time from noisy template pulses', () => {
    const rng = new TestRng(11);
    const fit = newPulseFit();
    // noise 3 ADC counts (the bundled setups use 2..4)
    for (const [A, maxTimeRms] of [
      [60, 1.5],
      [300, 0.4],
      [2500, 0.1],
    ] as const) {
      const dA: number[] = [];
      const dT: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const T = 140 + 20 * rng.uniform();
        const s = pulse(rng, A, T, 250, 262, 3);
        expect(fitMsadcPulse(s, 0, 32, 250, 262, 3, 12, fit)).toBe(true);
        expect(fit.flags & PULSE_FALLBACK).toBe(0);
        dA.push(fit.amplitude / A - 1);
        dT.push(fit.peakTime - T);
      }
      const a = stats(dA);
      const t = stats(dT);
      expect(Math.abs(a.mean), `amplitude bias at A = ${A}`).toBeLessThan(0.01);
      expect(Math.abs(t.mean), `time bias at A = ${A}`).toBeLessThan(0.2);
      // Stated time resolution (noise 3): < 1.5 ns at 60 counts, < 0.4 ns at 300, < 0.1 ns at 2500.
      expect(t.rms, `time rms at A = ${A}`).toBeLessThan(maxTimeRms);
    }
  });

  it('reaches the noise limit from 30 to 2500 counts (bias and resolution vs the injected pulses)', () => {
    // Injected: amplitude A, peak time uniform in 140..160 ns, pedestals 250/262, Gaussian noise.
    // Expected rms from the noise alone: amplitude ~0.86 noise / A (relative), so 10% at 30
    // counts with noise 3.5 and 0.10% at 2500 with noise 3.
    const cases = [
      { A: 30, noise: 3.5, maxBias: 0.015, maxRms: 0.11, maxTimeBias: 0.3, maxTimeRms: 1.8 },
      { A: 60, noise: 3, maxBias: 0.005, maxRms: 0.047, maxTimeBias: 0.1, maxTimeRms: 0.75 },
      { A: 300, noise: 3, maxBias: 0.001, maxRms: 0.0095, maxTimeBias: 0.02, maxTimeRms: 0.15 },
      { A: 2500, noise: 3, maxBias: 0.0002, maxRms: 0.0012, maxTimeBias: 0.003, maxTimeRms: 0.018 },
    ];
    const fit = newPulseFit();
    for (const c of cases) {
      const rng = new TestRng(21);
      const dA: number[] = [];
      const dT: number[] = [];
      for (let i = 0; i < 8000; i++) {
        const T = 140 + 20 * rng.uniform();
        const s = pulse(rng, c.A, T, 250, 262, c.noise);
        if (!fitMsadcPulse(s, 0, 32, 250, 262, c.noise, 4 * c.noise, fit)) continue;
        dA.push(fit.amplitude / c.A - 1);
        dT.push(fit.peakTime - T);
      }
      expect(dA.length).toBe(8000);
      const a = stats(dA);
      const t = stats(dT);
      expect(Math.abs(a.mean), `amplitude bias at A = ${c.A}`).toBeLessThan(c.maxBias);
      expect(a.rms, `amplitude rms at A = ${c.A}`).toBeLessThan(c.maxRms);
      expect(Math.abs(t.mean), `time bias at A = ${c.A}`).toBeLessThan(c.maxTimeBias);
      expect(t.rms, `time rms at A = ${c.A}`).toBeLessThan(c.maxTimeRms);
    }
  });

  it('is exact on noise-free pulses at every sampling phase (up to the rounding of the samples)', () => {
    // 3000 counts rounded to integers: the rounding alone moves the amplitude by ~1e-4 and the
    // time by a few ps. An uncorrected linearisation would be off by up to 5e-4 and 15 ps.
    const fit = newPulseFit();
    let worstA = 0;
    let worstT = 0;
    for (let i = 0; i < 2500; i++) {
      const T = 137.5 + i * 0.01;
      const s = pulse(new TestRng(1), 3000, T, 300, 300, 0);
      expect(fitMsadcPulse(s, 0, 32, 300, 300, 0, 10, fit)).toBe(true);
      worstA = Math.max(worstA, Math.abs(fit.amplitude / 3000 - 1));
      worstT = Math.max(worstT, Math.abs(fit.peakTime - T));
    }
    expect(worstA).toBeLessThan(3e-4);
    expect(worstT).toBeLessThan(0.006);
  });

  it('measures even and odd pedestals separately from the pre-pulse samples', () => {
    const rng = new TestRng(12);
    const fit = newPulseFit();
    const pe: number[] = [];
    const po: number[] = [];
    const dA: number[] = [];
    for (let i = 0; i < 1000; i++) {
      // Calibration pedestals deliberately off by 10 counts: the measured ones must win.
      const s = pulse(rng, 200, 150, 300, 320, 2);
      expect(fitMsadcPulse(s, 0, 32, 290, 330, 2, 8, fit)).toBe(true);
      expect(fit.flags & PULSE_CALIBRATION_PEDESTAL).toBe(0);
      pe.push(fit.pedestalEven);
      po.push(fit.pedestalOdd);
      dA.push(fit.amplitude / 200 - 1);
    }
    // 4 samples per parity: sigma of the mean 1 count; mean over 1000 pulses within 0.15.
    expect(Math.abs(stats(pe).mean - 300)).toBeLessThan(0.15);
    expect(Math.abs(stats(po).mean - 320)).toBeLessThan(0.15);
    expect(Math.abs(stats(dA).mean)).toBeLessThan(0.01);
  });

  it('falls back to the calibration pedestals when the pre-pulse samples hold a pulse', () => {
    const rng = new TestRng(13);
    const fit = newPulseFit();
    const s = pulse(rng, 400, 150, 300, 310, 2);
    const early = pulse(new TestRng(14), 300, 50, 0, 0, 0);
    for (let k = 0; k < 32; k++) s[k] += early[k];
    expect(fitMsadcPulse(s, 0, 32, 300, 310, 2, 8, fit)).toBe(true);
    expect(fit.flags & PULSE_CALIBRATION_PEDESTAL).toBe(PULSE_CALIBRATION_PEDESTAL);
    expect(fit.pedestalEven).toBe(300);
    expect(fit.amplitude).toBeGreaterThan(400 * 0.97);
    expect(fit.amplitude).toBeLessThan(400 * 1.03);
  });

  it('recovers saturated pulses from their unclipped edges', () => {
    const rng = new TestRng(15);
    const fit = newPulseFit();
    for (const A of [4500, 6000, 8000]) {
      const dA: number[] = [];
      for (let i = 0; i < 300; i++) {
        const T = 145 + 10 * rng.uniform();
        const s = pulse(rng, A, T, 300, 310, 3);
        expect(s.some((v) => v === MSADC_MAX)).toBe(true);
        expect(fitMsadcPulse(s, 0, 32, 300, 310, 3, 12, fit)).toBe(true);
        expect(fit.flags & PULSE_SATURATED).toBe(PULSE_SATURATED);
        dA.push(fit.amplitude / A - 1);
        expect(Math.abs(fit.peakTime - T)).toBeLessThan(2);
      }
      expect(Math.abs(stats(dA).mean), `saturated amplitude ${A}`).toBeLessThan(0.01);
      // measured: rms 0.1% at 4500 counts, 1.2% at 6000 and 8000 (1.5-2.7x the 12-bit range)
      expect(stats(dA).rms).toBeLessThan(0.02);
    }
  });

  it('gives no hit below the threshold and reads pulses at an offset into a shared array', () => {
    const rng = new TestRng(16);
    const fit = newPulseFit();
    const quiet = pulse(rng, 0, 150, 250, 250, 2);
    expect(fitMsadcPulse(quiet, 0, 32, 250, 250, 2, 10, fit)).toBe(false);
    expect(fit.amplitude).toBe(0);
    const shared = new Int16Array(64);
    shared.set(quiet, 0);
    shared.set(pulse(rng, 500, 151, 250, 250, 0), 32);
    expect(fitMsadcPulse(shared, 32, 32, 250, 250, 2, 10, fit)).toBe(true);
    expect(fit.amplitude).toBeCloseTo(500, -0.5);
    expect(fit.peakTime).toBeCloseTo(151, 0);
  });
});
