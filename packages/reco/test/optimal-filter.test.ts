import { describe, expect, it } from 'vitest';
import { MSADC_SAMPLE_NS, msadcPulseTemplate } from '@na64/reco';
import { OF_A, OF_B, OF_CORRECTION, OF_J0, OF_MAX_SHIFT_NS, OF_N, OF_PHASES, OF_STEP, peakPhaseFromVertex } from '../src/optimal-filter.ts';

/** One filter pass at phase index pi over a noise-free unit pulse peaking dT after the phase. */
function pass(pi: number, dT: number): { a: number; shift: number } {
  let a = 0;
  let b = 0;
  for (let j = 0; j < OF_N; j++) {
    const y = msadcPulseTemplate((j + OF_J0) * MSADC_SAMPLE_NS - pi * OF_STEP - dT);
    a += OF_A[pi * OF_N + j] * y;
    b += OF_B[pi * OF_N + j] * y;
  }
  return { a, shift: -b / a };
}

describe('MSADC optimal-filter tables', () => {
  it('recover a noise-free pulse exactly at its own phase', () => {
    for (let pi = 0; pi < OF_PHASES; pi++) {
      const r = pass(pi, 0);
      expect(Math.abs(r.a - 1)).toBeLessThan(1e-12);
      expect(Math.abs(r.shift)).toBeLessThan(1e-9);
    }
  });

  it('correct one pass up to OF_MAX_SHIFT_NS from the phase to 5e-6 in amplitude and 1 ps in time', () => {
    let worstA = 0;
    let worstT = 0;
    let worstUncorrectedA = 0;
    for (let pi = 0; pi < OF_PHASES; pi++) {
      for (let dT = -OF_MAX_SHIFT_NS; dT <= OF_MAX_SHIFT_NS + 1e-9; dT += 0.05) {
        const { a, shift } = pass(pi, dT);
        // as the fit applies it: the error terms at the shift less its own time error
        const c = 4 * pi;
        const d = shift - shift * shift * (OF_CORRECTION[c + 2] + shift * OF_CORRECTION[c + 3]);
        const eA = d * d * (OF_CORRECTION[c] + d * OF_CORRECTION[c + 1]);
        const eT = d * d * (OF_CORRECTION[c + 2] + d * OF_CORRECTION[c + 3]);
        worstA = Math.max(worstA, Math.abs(a / (1 + eA) - 1));
        worstT = Math.max(worstT, Math.abs(shift - eT - dT));
        worstUncorrectedA = Math.max(worstUncorrectedA, Math.abs(a - 1));
      }
    }
    expect(worstA).toBeLessThan(5e-6);
    expect(worstT).toBeLessThan(0.001);
    expect(worstUncorrectedA).toBeGreaterThan(2e-4); // what the correction is for
  });

  it('start the filter at the true peak phase of a noise-free pulse', () => {
    for (let phi = -6; phi <= 5.5; phi += 0.25) {
      const ym = msadcPulseTemplate(-MSADC_SAMPLE_NS - phi);
      const y0 = msadcPulseTemplate(-phi);
      const yp = msadcPulseTemplate(MSADC_SAMPLE_NS - phi);
      const vertex = (0.5 * (ym - yp)) / (ym - 2 * y0 + yp);
      expect(Math.abs(peakPhaseFromVertex(vertex) - phi)).toBeLessThan(0.01);
    }
  });
});
