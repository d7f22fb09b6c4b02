/**
 * MSADC digitizer (calorimeters, counters, SRD, veto): 32 samples of 12.5 ns per channel,
 *   sample_k = clamp(round(ped(k mod 2) + A f(t_k - t0) + noise), 0, 4095),
 * f = msadcPulseTemplate (shared with the reconstruction), A = E / gain (GeV per ADC count at the
 * pulse peak), t0 = MSADC_PULSE_START_NS + timeOffset + particle time; pedestals (even / odd
 * samples), noise, gain and time offset from `calibrationForRun`.
 * Zero suppression (default on): channels whose cell received no energy, or a pulse height below
 * one noise sigma, are not read out, and a channel is written only when
 * max_k(sample_k - ped(k mod 2)) > 3 noise sigma.
 */
import {
  MSADC_MAX_COUNT,
  MSADC_PULSE_PEAK_NS,
  MSADC_PULSE_START_NS,
  MSADC_SAMPLE_NS,
  MSADC_SAMPLES,
  msadcPulseTemplate,
} from '@na64/format/raw';
import type { ElementModel, MsadcReadout } from '../sim/setup-model.ts';
import type { ElementSignals } from '../sim/signals.ts';
import type { ChannelSink, Digitizer, DigitizerContext, MsadcChannelOut } from './types.ts';
import { normalHi, normalLo, roundHalfUp } from './types.ts';

/** Zero-suppression threshold in noise sigma (max pedestal-subtracted sample must exceed it). */
export const MSADC_ZS_SIGMA = 3;

// Pulse template tabulated every 1/16 ns over 0..400 ns, linear interpolation.
const LUT_STEP = 1 / 16;
const LUT_N = 6400;
const LUT = (() => {
  const t = new Float64Array(LUT_N + 2);
  for (let i = 0; i < t.length; i++) t[i] = msadcPulseTemplate(i * LUT_STEP);
  return t;
})();

/** Height of the template's maximum (the pulse height of amplitude A is A times this). */
const TEMPLATE_PEAK = msadcPulseTemplate(MSADC_PULSE_PEAK_NS);

function template(tNs: number): number {
  if (tNs <= 0) return 0;
  const f = tNs / LUT_STEP;
  if (f >= LUT_N) return msadcPulseTemplate(tNs);
  const i = f | 0;
  return LUT[i] + (f - i) * (LUT[i + 1] - LUT[i]);
}

export interface MsadcOptions {
  /** Zero suppression (default true). false: every channel of the element, every event. */
  zeroSuppress?: boolean;
  /** Threshold in noise sigma (default MSADC_ZS_SIGMA). */
  thresholdSigma?: number;
}

export class MsadcDigitizer implements Digitizer {
  readonly kind = 'msadc' as const;
  readonly element: string;
  readonly sources: readonly number[];
  private readonly ro: MsadcReadout;
  private readonly samples = new Uint16Array(MSADC_SAMPLES);
  /** Reused channel record (the sink copies what it keeps). */
  private readonly out: MsadcChannelOut = { port: 0, channel: 0, sum: 0, samples: this.samples };
  private readonly zeroSuppress: boolean;
  private readonly threshold: number;
  /** Per readout index: A-independent pulse shape at the 32 sample times (0 before the start). */
  private readonly shape: Float64Array;

  constructor(el: ElementModel, options: MsadcOptions = {}) {
    if (el.readout?.kind !== 'msadc') throw new Error(`element "${el.name}" is not read out by an MSADC`);
    this.element = el.name;
    this.ro = el.readout;
    this.sources = [...new Set(this.ro.source)].filter((s) => s >= 0).sort((a, b) => a - b);
    this.zeroSuppress = options.zeroSuppress ?? true;
    this.threshold = options.thresholdSigma ?? MSADC_ZS_SIGMA;
    const n = this.ro.source.length;
    this.shape = new Float64Array(n * MSADC_SAMPLES);
    for (let i = 0; i < n; i++) {
      const t0 = MSADC_PULSE_START_NS + this.ro.cal.timeOffset[i];
      for (let k = 0; k < MSADC_SAMPLES; k++) {
        const dt = k * MSADC_SAMPLE_NS - t0;
        this.shape[i * MSADC_SAMPLES + k] = dt > 0 ? template(dt) : 0;
      }
    }
  }

  digitize(signals: ElementSignals, ctx: DigitizerContext, sink: ChannelSink): void {
    const cells = signals.cells;
    const ro = this.ro;
    const cal = ro.cal;
    const n = ro.source.length;
    const rng = ctx.rng;
    const s = this.samples;
    for (let i = 0; i < n; i++) {
      const E = cells ? cells[i] : 0;
      if (this.zeroSuppress && !(E > 0)) continue;
      if (ro.source[i] < 0) continue;
      const A = E > 0 ? E / cal.gain[i] : 0;
      // A cell whose pulse height is below one noise sigma counts as empty (not read out).
      if (this.zeroSuppress && A * TEMPLATE_PEAK < cal.noise[i]) continue;
      const shape = this.shape;
      const base = i * MSADC_SAMPLES;
      const pe = cal.pedestalEven[i];
      const po = cal.pedestalOdd[i];
      const sigma = cal.noise[i];
      let maxAbove = -Infinity;
      let sum = 0;
      // Sample pairs (even, odd): one generator draw gives both noise deviates.
      for (let k = 0; k < MSADC_SAMPLES; k += 2) {
        const r = rng.nextUint32();
        let v0 = roundHalfUp(pe + A * shape[base + k] + sigma * normalHi(r));
        if (v0 < 0) v0 = 0;
        else if (v0 > MSADC_MAX_COUNT) v0 = MSADC_MAX_COUNT;
        let v1 = roundHalfUp(po + A * shape[base + k + 1] + sigma * normalLo(r));
        if (v1 < 0) v1 = 0;
        else if (v1 > MSADC_MAX_COUNT) v1 = MSADC_MAX_COUNT;
        s[k] = v0;
        s[k + 1] = v1;
        const above0 = v0 - pe;
        const above1 = v1 - po;
        sum += above0 + above1;
        if (above0 > maxAbove) maxAbove = above0;
        if (above1 > maxAbove) maxAbove = above1;
      }
      if (this.zeroSuppress && !(maxAbove > this.threshold * sigma)) continue;
      const out = this.out;
      out.port = ro.port[i];
      out.channel = ro.channel[i];
      out.sum = Math.min(0xffff, Math.max(0, roundHalfUp(sum)));
      sink.msadc(ro.source[i], out);
    }
  }
}
