import { describe, expect, it } from 'vitest';
import { MSADC_PULSE_PEAK_NS, MSADC_PULSE_START_NS, msadcPulseTemplate } from '@na64/format';
import { MSADC_TRIGGER_NS, msadcPulseTemplate as recoTemplate } from '@na64/reco';

// The digitizer (format's template, time since pulse start) and the pulse fit (reco's template,
// time relative to the peak) must describe the same pulse, or energies come out biased.
describe('MSADC pulse conventions', () => {
  it('peak height 1 and in-time peak at the trigger time', () => {
    expect(msadcPulseTemplate(MSADC_PULSE_PEAK_NS)).toBeCloseTo(1, 12);
    expect(MSADC_PULSE_START_NS + MSADC_PULSE_PEAK_NS).toBe(MSADC_TRIGGER_NS);
  });

  it('same shape at every time', () => {
    for (let t = -50; t <= 400; t += 0.5) {
      expect(msadcPulseTemplate(t)).toBeCloseTo(recoTemplate(t - MSADC_PULSE_PEAK_NS), 12);
    }
  });
});
