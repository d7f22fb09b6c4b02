// Decoding helpers for the simulator tests: raw bytes -> per-event calibrated cell energies,
// using only @na64/format (decoder, channel map, calibrations, the shared pulse template).
import {
  MSADC_PULSE_START_NS,
  MSADC_SAMPLE_NS,
  buildChannelIndex,
  calibrationForRun,
  decodeRawBuffer,
  msadcChannels,
  msadcPulseTemplate,
  RAW_EVENT_TYPE,
} from '@na64/format';
import type { CellCalibrationTable, RawEvent, RawPayload, Setup } from '@na64/format';

export interface CellEnergy {
  element: string;
  ix: number;
  iy: number;
  section: number;
  pmt: number;
  energy: number;
}

/** Calibrated energies of every MSADC channel of an event: template-fit amplitude x gain. */
export class MsadcReco {
  private readonly index: ReturnType<typeof buildChannelIndex>;
  private readonly cal = new Map<string, CellCalibrationTable>();

  constructor(
    private readonly setup: Setup,
    run: number,
  ) {
    this.index = buildChannelIndex(setup);
    for (const e of setup.elements) if (e.readout?.digitizer === 'msadc') this.cal.set(e.name, calibrationForRun(e, run) as CellCalibrationTable);
  }

  cells(event: RawEvent): CellEnergy[] {
    const out: CellEnergy[] = [];
    const visit = (source: number, p: RawPayload): void => {
      if (p.kind === 'mux') for (const b of p.blocks) visit(b.slink.sourceId, b.payload);
      if (p.kind !== 'msadc') return;
      for (const ch of msadcChannels(p)) {
        const m = this.index.lookup(source, ch.block.port, ch.channel);
        if (!m || m.target.type !== 'cell') continue;
        const el = this.setup.elements.find((e) => e.name === m.element)!;
        const seg = el.segmentation as { nx: number; ny: number; pmtsPerCell: number };
        const t = m.target;
        const idx = (t.ix + seg.nx * (t.iy + seg.ny * t.section)) * seg.pmtsPerCell + t.pmt;
        const cal = this.cal.get(m.element)!;
        // Least-squares amplitude with the known pulse start (same template as the digitizer).
        const t0 = MSADC_PULSE_START_NS + cal.timeOffset[idx];
        let num = 0;
        let den = 0;
        ch.samples.forEach((v, k) => {
          const f = msadcPulseTemplate(k * MSADC_SAMPLE_NS - t0);
          const ped = k % 2 ? cal.pedestalOdd[idx] : cal.pedestalEven[idx];
          num += (v - ped) * f;
          den += f * f;
        });
        out.push({ element: m.element, ix: t.ix, iy: t.iy, section: t.section, pmt: t.pmt, energy: (num / den) * cal.gain[idx] });
      }
    };
    for (const eq of event.equipments) visit(eq.slink.sourceId, eq.payload);
    return out;
  }

  /** Energy of an element (PMT 0 of each cell), optionally per section. */
  elementEnergy(event: RawEvent, element: string, section?: number): number {
    let s = 0;
    for (const c of this.cells(event)) if (c.element === element && c.pmt === 0 && (section === undefined || c.section === section)) s += c.energy;
    return s;
  }
}

export function decodePhysics(bytes: Uint8Array, sourceKinds: Map<number, 'msadc' | 'apv' | 'tdc' | 'scaler'>) {
  const dec = decodeRawBuffer(bytes, { sourceKinds });
  return {
    ...dec,
    physics: dec.events.filter((r) => r.event.header.type === RAW_EVENT_TYPE.PHYSICS).map((r) => r.event),
  };
}

/** Mean and rms. */
export function meanRms(v: number[]): { mean: number; rms: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const rms = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean, rms };
}

/** Kolmogorov-Smirnov distance of samples u (expected uniform on [0, 1]) and its 1% critical value. */
export function ksUniform(u: number[]): { d: number; critical: number } {
  const s = [...u].sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  s.forEach((x, i) => {
    d = Math.max(d, (i + 1) / n - x, x - i / n);
  });
  return { d, critical: 1.63 / Math.sqrt(n) };
}
