/**
 * The MSADC pulse shape shared by the digitizer (simulation) and the pulse fit (reconstruction).
 * A PMT signal after the shaper is modelled as f(t) = (t/(2 tau))^2 exp(2 - t/tau) for t > 0:
 * peak 1 at t = 2 tau, FWHM ~ 3.4 tau. With tau = 10 ns the FWHM is ~34 ns, close to the
 * ~30-40 ns pulses of the NA64 shashlik ECAL read by 80 MHz MSADCs (approx.; the real template is
 * measured per channel). An in-time pulse starts at 130 ns and peaks at 150 ns (sample 12), so
 * samples 0..7 are pulse-free and give the even/odd pedestals. @na64/reco writes the same shape
 * relative to the peak; a cross-package test checks that the two agree.
 */
export const MSADC_SAMPLE_NS = 12.5; // 80 MHz sampling (DESIGN 5)
export const MSADC_SAMPLES = 32;
export const MSADC_PULSE_TAU_NS = 10;
/** Window time at which an in-time pulse starts (its peak comes MSADC_PULSE_PEAK_NS later). */
export const MSADC_PULSE_START_NS = 130;
export const MSADC_MAX_COUNT = 4095; // 12-bit ADC

/** Pulse template normalised to a peak of 1, as a function of time since the pulse start (ns). */
export function msadcPulseTemplate(tNs: number): number {
  if (tNs <= 0) return 0;
  const x = tNs / MSADC_PULSE_TAU_NS;
  return 0.25 * x * x * Math.exp(2 - x);
}

/** Time of the template's peak after the pulse start (ns). */
export const MSADC_PULSE_PEAK_NS = 2 * MSADC_PULSE_TAU_NS;
