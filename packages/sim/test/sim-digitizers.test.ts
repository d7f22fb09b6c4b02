// One conformance test for every digitizer kind (MSADC, APV25, straw TDC), plus the formula of
// each: channels map back through the setup's channel map to the element and cell/strip that
// received the signal, output is a function of (signals, generator state) only, an empty element
// stays silent (APV: only the rare noise strips above threshold), and the raw events built from
// them survive the codec unchanged.
import { describe, expect, it } from 'vitest';
import {
  MSADC_PULSE_START_NS,
  MSADC_SAMPLE_NS,
  buildChannelIndex,
  decodeRawEvent,
  encodeRawEvent,
  getSetup,
  msadcPulseTemplate,
} from '@na64/format';
import {
  APV_CLOUD_MM,
  APV_ZS_SIGMA,
  RunSimulator,
  STRAW_RESOLUTION_MM,
  STRAW_T0_NS,
  apvShape,
  APV_FRAME_TIMES_NS,
  createRng,
  streamRng,
} from '@na64/sim';
import type { ApvReadout, ChannelSink, Digitizer, ElementSignals, MsadcReadout, TdcReadout } from '@na64/sim';

interface Recorded {
  kind: 'msadc' | 'apv' | 'tdc';
  source: number;
  port: number;
  channel: number;
  data: number[];
}

function recorder(): { sink: ChannelSink; out: Recorded[] } {
  const out: Recorded[] = [];
  return {
    out,
    sink: {
      msadc: (source, ch) => out.push({ kind: 'msadc', source, port: ch.port, channel: ch.channel, data: [ch.sum, ...ch.samples] }),
      apv: (source, port, channel, f0, f1, f2) => out.push({ kind: 'apv', source, port, channel, data: [f0, f1, f2] }),
      tdc: (source, h) => out.push({ kind: 'tdc', source, port: h.port, channel: h.channel, data: [h.time] }),
    },
  };
}

const setup = getSetup('invis-2018');
const sim = new RunSimulator({ setup, run: 3855, events: 100, seed: 2 });
const index = buildChannelIndex(setup);
const digitizers = sim.builder.digitizers;
const byKind = (k: string) => digitizers.filter((d) => d.kind === k);

function signalsOf(d: Digitizer): ElementSignals {
  return sim.transport.signals.elements[sim.model.byName.get(d.element)!.index];
}

function emptySignals(d: Digitizer): ElementSignals {
  const s = signalsOf(d);
  return { cells: s.cells ? new Float64Array(s.cells.length) : undefined, crossings: [], crossingCount: 0 };
}

describe.each(['msadc', 'apv', 'tdc'] as const)('digitizer conformance: %s', (kind) => {
  it('maps every channel back to its element, is deterministic and survives the codec', () => {
    expect(byKind(kind).length).toBeGreaterThan(0);
    let channels = 0;
    for (let i = 0; i < 40; i++) {
      sim.transport.simulate(streamRng(9n, i));
      for (const d of byKind(kind)) {
        const a = recorder();
        const b = recorder();
        d.digitize(signalsOf(d), { eventInSpill: i + 1, rng: streamRng(10n, i) }, a.sink);
        d.digitize(signalsOf(d), { eventInSpill: i + 1, rng: streamRng(10n, i) }, b.sink);
        expect(b.out).toEqual(a.out);
        for (const c of a.out) {
          expect(c.kind).toBe(kind);
          expect(d.sources).toContain(c.source);
          const m = index.lookup(c.source, c.port, c.channel);
          expect(m?.element).toBe(d.element);
          channels++;
        }
      }
      // The whole event through the codec: encode -> decode gives the same typed model.
      const ev = sim.builder.build(sim.transport.signals, { run: 3855, spill: 1, eventInSpill: i + 1, eventInRun: i + 1, time: 0 }, streamRng(10n, i));
      const dec = decodeRawEvent(encodeRawEvent(ev), { sourceKinds: sim.sourceKinds() });
      expect(dec.ok).toBe(true);
      if (dec.ok) {
        expect(dec.problems).toEqual([]);
        expect(dec.event.equipments.length).toBe(ev.equipments.length);
        expect(encodeRawEvent(dec.event)).toEqual(encodeRawEvent(ev));
      }
    }
    expect(channels).toBeGreaterThan(0);
  });

  it('stays silent without signal (APV: only noise strips above threshold)', () => {
    const rng = createRng(5);
    let n = 0;
    let strips = 0;
    for (let i = 0; i < 50; i++) {
      for (const d of byKind(kind)) {
        const r = recorder();
        d.digitize(emptySignals(d), { eventInSpill: 1, rng }, r.sink);
        n += r.out.length;
      }
    }
    if (kind !== 'apv') expect(n).toBe(0);
    else {
      for (const d of byKind('apv')) {
        const ro = sim.model.byName.get(d.element)!.readout as ApvReadout;
        for (const p of ro.planes) strips += p.count;
      }
      // P(one of 3 frames > 4 sigma) = 9.5e-5 per strip: mean 50 x strips x 9.5e-5.
      const mean = 50 * strips * 9.5e-5;
      expect(Math.abs(n - mean)).toBeLessThan(5 * Math.sqrt(mean) + 1);
    }
  });
});

describe('digitizer formulas', () => {
  it('MSADC: template-fit amplitude x gain returns the cell energy; pedestals even/odd', () => {
    const d = byKind('msadc').find((x) => x.element === 'ECAL')!;
    const ro = sim.model.byName.get('ECAL')!.readout as MsadcReadout;
    const cell = 21;
    const E = 2.5;
    const s = emptySignals(d);
    s.cells![cell] = E;
    const r = recorder();
    d.digitize(s, { eventInSpill: 1, rng: createRng(4) }, r.sink);
    expect(r.out.length).toBe(1);
    const c = r.out[0];
    expect([c.source, c.port, c.channel]).toEqual([ro.source[cell], ro.port[cell], ro.channel[cell]]);
    const samples = c.data.slice(1);
    expect(samples.length).toBe(32);
    const t0 = MSADC_PULSE_START_NS + ro.cal.timeOffset[cell];
    let num = 0;
    let den = 0;
    samples.forEach((v, k) => {
      const f = msadcPulseTemplate(k * MSADC_SAMPLE_NS - t0);
      const ped = k % 2 ? ro.cal.pedestalOdd[cell] : ro.cal.pedestalEven[cell];
      if (f === 0) expect(Math.abs(v - ped)).toBeLessThan(4 * ro.cal.noise[cell]);
      num += (v - ped) * f;
      den += f * f;
    });
    expect(Math.abs((num / den) * ro.cal.gain[cell] - E)).toBeLessThan(0.01 * E);
  });

  it('APV: charge shared over ~3 strips around the crossing, CR-RC frames', () => {
    const d = byKind('apv').find((x) => x.element === 'MM3')!;
    const ro = sim.model.byName.get('MM3')!.readout as ApvReadout;
    const plane = ro.planes[0];
    const u = plane.u0 + 100.3 * plane.pitch;
    const energy = 2.7e-6; // ~670 ADC counts at 4e-9 GeV per count (bundled APV gain)
    const s: ElementSignals = { cells: undefined, crossings: [{ plane: 0, u, energy, time: 0 }], crossingCount: 1 };
    const r = recorder();
    d.digitize(s, { eventInSpill: 1, rng: createRng(8) }, r.sink);
    const hits = r.out.filter((h) => index.lookup(h.source, h.port, h.channel)!.target.type === 'strip');
    let sw = 0;
    let swu = 0;
    for (const h of hits) {
      const t = index.lookup(h.source, h.port, h.channel)!.target as { plane: string; strip: number };
      if (t.plane !== plane.name) continue;
      const ped = ro.cal.planes[plane.name].pedestal[t.strip];
      const a = h.data[1] - ped;
      // Frame at 50 ns (peak of (t/tau) e^(1 - t/tau)) is the largest for signal strips.
      if (a > 20 * ro.cal.planes[plane.name].sigma[t.strip]) {
        expect(h.data[1]).toBeGreaterThanOrEqual(h.data[0]);
        expect(h.data[1]).toBeGreaterThanOrEqual(h.data[2]);
        // Frame ratio within 4 standard errors of the noise (two frames, sigma each) plus rounding.
        const ratio = apvShape(APV_FRAME_TIMES_NS[0]) / apvShape(APV_FRAME_TIMES_NS[1]);
        const sigma = ro.cal.planes[plane.name].sigma[t.strip];
        expect(Math.abs((h.data[0] - ped) / a - ratio)).toBeLessThan((4 * sigma * Math.sqrt(1 + ratio * ratio) + 1) / a);
      }
      if (a > APV_ZS_SIGMA * ro.cal.planes[plane.name].sigma[t.strip]) {
        sw += a;
        swu += a * (plane.u0 + t.strip * plane.pitch);
      }
    }
    expect(Math.abs(swu / sw - u)).toBeLessThan(0.25 * APV_CLOUD_MM);
  });

  it('straw TDC: time = (T0 + offset + r / v_drift) / bin', () => {
    const d = byKind('tdc').find((x) => x.element === 'ST1')!;
    const ro = sim.model.byName.get('ST1')!.readout as TdcReadout;
    const plane = ro.planes[1];
    const tube = 20;
    const r0 = 1.7;
    const s: ElementSignals = { cells: undefined, crossings: [{ plane: 1, u: plane.u0 + tube * plane.pitch + r0, energy: 1e-5, time: 0 }], crossingCount: 1 };
    const rng = createRng(3);
    for (let i = 0; i < 20; i++) {
      const rec = recorder();
      d.digitize(s, { eventInSpill: 1, rng }, rec.sink);
      expect(rec.out.length).toBe(1);
      const m = index.lookup(rec.out[0].source, rec.out[0].port, rec.out[0].channel)!;
      expect(m.target).toEqual({ type: 'strip', plane: plane.name, strip: tube });
      const expected = STRAW_T0_NS + ro.cal.planes[plane.name].timeOffset[tube] + r0 / ro.cal.driftVelocity;
      const tol = (5 * STRAW_RESOLUTION_MM) / ro.cal.driftVelocity + ro.cal.tdcBin;
      expect(Math.abs(rec.out[0].data[0] * ro.cal.tdcBin - expected)).toBeLessThan(tol);
    }
  });
});
