/**
 * Straw TDC digitizer: the tube whose pitch cell contains the track's measured coordinate fires;
 * the drift radius r (distance of the track from the wire, smeared by STRAW_RESOLUTION_MM) gives
 * the drift time through the linear r-t relation of the calibration, t = r / driftVelocity, and
 *   tdc = round((STRAW_T0_NS + timeOffset(tube) + particle time + t) / tdcBin)
 * (16-bit F1-style word; see RAW.md).
 */
import type { ElementModel, TdcReadout } from '../sim/setup-model.ts';
import type { ElementSignals } from '../sim/signals.ts';
import type { ChannelSink, Digitizer, DigitizerContext, TdcHitOut } from './types.ts';
import { fastNormal, roundHalfUp } from './types.ts';

/** Time of a zero-drift hit after the trigger, ns (our convention). */
export { STRAW_T0_NS } from '@na64/format/raw';
import { STRAW_T0_NS } from '@na64/format/raw';
/** Single-tube position resolution, mm (approx.). */
export const STRAW_RESOLUTION_MM = 0.1;

export class TdcDigitizer implements Digitizer {
  readonly kind = 'tdc' as const;
  readonly element: string;
  readonly sources: readonly number[];
  private readonly ro: TdcReadout;
  /** Per plane: time offset of each tube, ns (none calibrated: 0). */
  private readonly timeOffsets: Float64Array[];
  /** Reused hit record (the sink copies what it keeps). */
  private readonly hit: TdcHitOut = { port: 0, channel: 0, time: 0 };

  constructor(el: ElementModel) {
    if (el.readout?.kind !== 'tdc') throw new Error(`element "${el.name}" is not read out by a TDC`);
    this.element = el.name;
    this.ro = el.readout;
    const s = new Set<number>();
    for (const p of this.ro.planes) for (const v of p.source) if (v >= 0) s.add(v);
    this.sources = [...s].sort((a, b) => a - b);
    this.timeOffsets = this.ro.planes.map((p) => {
      const offsets = this.ro.cal.planes[p.name]?.timeOffset;
      return Float64Array.from({ length: p.count }, (_, tube) => offsets?.[tube] ?? 0);
    });
  }

  digitize(signals: ElementSignals, ctx: DigitizerContext, sink: ChannelSink): void {
    const cal = this.ro.cal;
    const crossings = signals.crossings;
    for (let i = 0; i < signals.crossingCount; i++) {
      const c = crossings[i];
      const plane = this.ro.planes[c.plane];
      if (!plane) continue;
      const tube = roundHalfUp((c.u - plane.u0) / plane.pitch);
      if (tube < 0 || tube >= plane.count) continue;
      const source = plane.source[tube];
      if (source < 0) continue;
      const r = Math.min(Math.abs(c.u - (plane.u0 + tube * plane.pitch) + STRAW_RESOLUTION_MM * fastNormal(ctx.rng)), plane.pitch / 2);
      const t = STRAW_T0_NS + this.timeOffsets[c.plane][tube] + c.time + r / cal.driftVelocity;
      const hit = this.hit;
      hit.port = plane.port[tube];
      hit.channel = plane.channel[tube];
      hit.time = Math.min(0xffff, Math.max(0, roundHalfUp(t / cal.tdcBin)));
      sink.tdc(source, hit);
    }
  }
}
