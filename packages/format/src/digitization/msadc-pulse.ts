/**
 * The MSADC pulse shape shared by the digitizer (simulation) and the pulse fit (reconstruction).
 * A PMT signal after the shaper is modelled as f(t) = (t/tau)^2 exp(2 - t/tau) for t > 0: peak 1
 * at t = 2 tau, rise (10-90%) ~ 1.5 tau, width ~ 3.4 tau (FWHM). With tau = 10 ns the FWHM is
 * ~34 ns, close to the ~30-40 ns pulses of the NA64 shashlik ECAL read by 80 MHz MSADCs
 * (approx.; the real template is measured per channel).
 */
export const MSADC_SAMPLE_NS = 12.5; // 80 MHz sampling (DESIGN 5)
export const MSADC_SAMPLES = 32;
export const MSADC_PULSE_TAU_NS = 10;
/** Nominal time of the pulse start in the sampling window, so that ~6 samples precede it. */
export const MSADC_PULSE_START_NS = 80;
export const MSADC_MAX_COUNT = 4095; // 12-bit ADC

/** Pulse template normalised to a peak of 1, as a function of time since the pulse start (ns). */
export function msadcPulseTemplate(tNs: number): number {
  if (tNs <= 0) return 0;
  const x = tNs / MSADC_PULSE_TAU_NS;
  return x * x * Math.exp(2 - x);
}

/** Time of the template's peak after the pulse start (ns). */
export const MSADC_PULSE_PEAK_NS = 2 * MSADC_PULSE_TAU_NS;
