/**
 * Pulse shapes shared by the reconstruction and the digitizer (the simulator must produce
 * exactly these, so that the fits here recover what it injected).
 *
 * MSADC (calorimeters, counters, SRD, vetoes; DESIGN 5 and 7): 80 MHz, sample k taken at
 * t_k = k * 12.5 ns from the start of the readout window. A pulse of amplitude A (ADC counts
 * above pedestal) peaking at window time T contributes A * msadcPulseTemplate(t_k - T) to
 * sample k, on top of the pedestal of its parity (even/odd interleaved ADCs):
 *
 *   f(t) = (1 + t/tau)^2 * exp(-2 t/tau)   for t > -tau,   0 otherwise,   tau = 20 ns
 *
 * f(0) = 1 is the maximum: the pulse starts tau = 20 ns before its peak, and the tail falls to
 * 1% of the peak 74 ns after it (approx. a shaped PMT pulse: ~20 ns rise, ~40 ns FWHM; the
 * real NA64 shapes are not public). A particle in time with the trigger peaks at window time
 * MSADC_TRIGGER_NS = 150 ns (sample 12), so samples 0..7 (0..87.5 ns) are pulse-free and give
 * the pedestals. Hit time = T - MSADC_TRIGGER_NS - timeOffset(channel).
 *
 * APV25 (Micromegas, GEM): CR-RC shaping with tau = 50 ns (DESIGN 7),
 *   g(s) = (s/tau) * exp(1 - s/tau)  for s > 0 (s = time since the pulse start), 0 otherwise,
 * maximum g(tau) = 1. Frame k (k = 0, 1, 2) is sampled at APV_FRAME_NS[k] = 25 (k + 1) ns after
 * the start of a pulse in time with the trigger, so an in-time pulse peaks at frame 1.
 * Hit time = pulse start relative to the trigger - timeOffset.
 */

/** MSADC sampling period, ns (80 MHz). */
export const MSADC_SAMPLE_NS = 12.5;
/** Window time at which a pulse from a particle in time with the trigger peaks, ns. */
export const MSADC_TRIGGER_NS = 150;
/** Samples 0..MSADC_PEDESTAL_SAMPLES-1 precede every in-time pulse and give the pedestals. */
export const MSADC_PEDESTAL_SAMPLES = 8;
/** Largest 12-bit ADC value; samples at or above it are saturated. */
export const MSADC_MAX = 4095;
/** Rise time of the template (start to peak), ns. */
export const MSADC_TAU_NS = 20;

/** MSADC pulse template, peak 1 at t = 0 (t = time relative to the peak, ns). */
export function msadcPulseTemplate(tNs: number): number {
  const x = 1 + tNs / MSADC_TAU_NS;
  if (x <= 0) return 0;
  return x * x * Math.exp(2 * (1 - x));
}

/** d/dt of msadcPulseTemplate, 1/ns. */
export function msadcPulseTemplateDerivative(tNs: number): number {
  const x = 1 + tNs / MSADC_TAU_NS;
  if (x <= 0) return 0;
  return ((2 * x * (1 - x)) / MSADC_TAU_NS) * Math.exp(2 * (1 - x));
}

/** APV25 CR-RC shaping time, ns (DESIGN 7). */
export const APV_TAU_NS = 50;
/** Time of frame k after the start of an in-time pulse, ns. */
export const APV_FRAME_NS: readonly number[] = [25, 50, 75];
/** Largest 10-bit APV frame value. */
export const APV_MAX = 1023;

/** APV CR-RC pulse shape, peak 1 at s = tau (s = time since the pulse start, ns). */
export function apvPulseShape(sNs: number): number {
  if (sNs <= 0) return 0;
  const u = sNs / APV_TAU_NS;
  return u * Math.exp(1 - u);
}
