import { describe, expect, it } from 'vitest';
import { calibrationForRun, cellCenter, getElement, getSetup, planeZ, stripCoordinate } from '@na64/format';
import { reconstructBundle } from '@na64/reco';
import { TestRng, digitize, eventsBatch, type CellDeposit, type EventDeposits } from './helpers/digitize.ts';
import { ecalShower } from './helpers/tracks.ts';

const setup = getSetup('invis-2018');
const RUN = 3600;
const ecal = getElement(setup, 'ECAL');

function sum(cells: CellDeposit[], pred: (c: CellDeposit) => boolean = () => true): number {
  return cells.filter(pred).reduce((s, c) => s + c.energy, 0);
}

describe('calorimeter and counter hits', () => {
  const rng = new TestRng(101);
  const events: EventDeposits[] = [];
  const injected: { ecal: number; pre: number; hcal: number[]; veto: number; srd: number }[] = [];
  for (let i = 0; i < 200; i++) {
    const scale = 0.6 + 0.8 * rng.uniform();
    const cells = ecalShower(scale, 2 * rng.gauss());
    const hcal = [3, 2, 1.5, 1.4].map((e, m) => ({ element: 'HCAL', ix: 1, iy: 1, section: m, energy: e * (0.8 + 0.4 * rng.uniform()) }));
    const veto = { element: 'VETO', ix: 0, iy: 1, section: 0, energy: 0.008 };
    const srd = [0, 1, 2].map((m) => ({ element: 'SRD', ix: 0, iy: 0, section: m, energy: 0.02 + 0.01 * m }));
    events.push({ spill: 1 + (i >> 7), event: i & 127, cells: [...cells, ...hcal, veto, ...srd] });
    injected.push({
      ecal: sum(cells),
      pre: sum(cells, (c) => c.section === 0),
      hcal: hcal.map((h) => h.energy),
      veto: 0.008,
      srd: 0.02 + 0.03 + 0.04,
    });
  }
  const digits = digitize(setup, RUN, events, rng);
  const batch = eventsBatch(RUN, events);
  const out = reconstructBundle({ setup, run: RUN, events: batch, digits });

  it('sums ECAL hits to the injected deposits (bias < 1%) with the centre of gravity where the energy is', () => {
    const ratio = injected.map((inj, i) => out.events.e_ecal[i] / inj.ecal - 1);
    const mean = ratio.reduce((a, b) => a + b, 0) / ratio.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    const preRatio = injected.map((inj, i) => out.events.e_ecal_pre[i] / inj.pre - 1);
    expect(Math.abs(preRatio.reduce((a, b) => a + b, 0) / preRatio.length)).toBeLessThan(0.01);
    // The pattern is symmetric about cell (3, 3): the centre of gravity is its centre.
    const c = cellCenter(ecal, { ix: 3, iy: 3, section: 1 });
    for (let i = 0; i < injected.length; i++) {
      // noise alone moves the centre of gravity by ~0.3-0.6 mm (rms) here
      expect(Math.abs(out.events.ecal_cog_x[i] - c.x)).toBeLessThan(2.5);
      expect(Math.abs(out.events.ecal_cog_y[i] - c.y)).toBeLessThan(2.5);
    }
  });

  it('puts one hit per cell at the global cell centre with energy, time and indices', () => {
    const h = out.hits;
    // Hits of event 0 in the ECAL main section at the shower centre.
    const rows = [...h.run.keys()].filter((r) => h.spill[r] === 1 && h.event[r] === 0 && h.detector[r] === 'ECAL');
    expect(rows.length).toBe(9 + 25);
    const centre = rows.find((r) => h.ix[r] === 3 && h.iy[r] === 3 && h.layer[r] === 1)!;
    const c = cellCenter(ecal, { ix: 3, iy: 3, section: 1 });
    expect(h.x[centre]).toBeCloseTo(c.x, 3);
    expect(h.y[centre]).toBeCloseTo(c.y, 3);
    expect(h.z[centre]).toBeCloseTo(c.z, 3);
    const injectedCentre = events[0].cells!.find((x) => x.element === 'ECAL' && x.ix === 3 && x.iy === 3 && x.section === 1)!;
    expect(h.energy[centre] / injectedCentre.energy).toBeGreaterThan(0.995);
    expect(h.energy[centre] / injectedCentre.energy).toBeLessThan(1.005);
    expect(Math.abs(h.time[centre] - injectedCentre.time!)).toBeLessThan(0.3);
    expect(h.plane[centre]).toBe(-1);
    expect(Number.isNaN(h.strip[centre])).toBe(true);
    expect([...h.truth].every((t) => t === -1)).toBe(true);
  });

  it('fills HCAL modules, VETO (two PMTs averaged), SRD', () => {
    for (let i = 0; i < injected.length; i++) {
      const o = out.events.e_hcal_modules.offsets;
      const mods = out.events.e_hcal_modules.values.subarray(o[i], o[i + 1]);
      expect(mods.length).toBe(4);
      // single-channel noise 2..4 counts x 0.03 GeV/count; fit + pedestal error ~1 noise -> ~0.1 GeV rms
      for (let m = 0; m < 4; m++) expect(Math.abs(mods[m] - injected[i].hcal[m])).toBeLessThan(0.5);
      expect(Math.abs(out.events.e_hcal[i] - injected[i].hcal.reduce((a, b) => a + b, 0))).toBeLessThan(0.9);
      expect(Math.abs(out.events.e_veto[i] / injected[i].veto - 1)).toBeLessThan(0.05);
      expect(Math.abs(out.events.e_srd[i] / injected[i].srd - 1)).toBeLessThan(0.05);
    }
    const bias = (k: (i: number) => number, inj: (i: number) => number) => {
      let a = 0;
      let b = 0;
      for (let i = 0; i < injected.length; i++) {
        a += k(i);
        b += inj(i);
      }
      return a / b - 1;
    };
    expect(Math.abs(bias((i) => out.events.e_hcal[i], (i) => injected[i].hcal.reduce((x, y) => x + y, 0)))).toBeLessThan(0.01);
    expect(Math.abs(bias((i) => out.events.e_veto[i], (i) => injected[i].veto))).toBeLessThan(0.01);
    expect(Math.abs(bias((i) => out.events.e_srd[i], (i) => injected[i].srd))).toBeLessThan(0.01);
    const vetoHits = [...out.hits.run.keys()].filter((r) => out.hits.detector[r] === 'VETO');
    expect(vetoHits.length).toBe(200); // one hit per paddle, not per PMT
  });

  it('keys and sorts hits like the events', () => {
    const h = out.hits;
    for (let r = 1; r < h.run.length; r++) {
      const a = h.spill[r - 1] * 1000 + h.event[r - 1];
      const b = h.spill[r] * 1000 + h.event[r];
      expect(b).toBeGreaterThanOrEqual(a);
    }
  });
});

describe('run-dependent calibration', () => {
  it('uses the override of the run (HCAL gains +2% in runs 4000..4099)', () => {
    const rng = new TestRng(102);
    const evs: EventDeposits[] = Array.from({ length: 50 }, (_, i) => ({
      spill: 1,
      event: i,
      cells: [{ element: 'HCAL', ix: 1, iy: 1, section: 0, energy: 20 }],
    }));
    const hcal = getElement(setup, 'HCAL');
    const g4050 = (calibrationForRun(hcal, 4050) as { gain: number[] }).gain[4];
    const g3600 = (calibrationForRun(hcal, 3600) as { gain: number[] }).gain[4];
    expect(g4050 / g3600).toBeCloseTo(1.02, 3);
    const digits = digitize(setup, 4050, evs, rng);
    const right = reconstructBundle({ setup, run: 4050, events: eventsBatch(4050, evs), digits });
    const wrong = reconstructBundle({ setup, run: 3600, events: eventsBatch(4050, evs), digits });
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean(right.events.e_hcal) / 20 - 1)).toBeLessThan(0.005);
    expect(mean(wrong.events.e_hcal) / mean(right.events.e_hcal)).toBeCloseTo(g3600 / g4050, 3);
  });
});

describe('APV strip clusters', () => {
  it('finds the injected position with the charge-weighted centroid and the time from the frame ratio', () => {
    const rng = new TestRng(103);
    const mm = getElement(setup, 'MM1');
    const evs: EventDeposits[] = [];
    const truth: { ux: number; uy: number; t: number }[] = [];
    for (let i = 0; i < 400; i++) {
      const ux = mm.position.x + 60 * (rng.uniform() - 0.5);
      const uy = mm.position.y + 60 * (rng.uniform() - 0.5);
      const t = 20 * (rng.uniform() - 0.5);
      truth.push({ ux, uy, t });
      evs.push({
        spill: 1,
        event: i,
        strips: [
          { element: 'MM1', plane: 'X', u: ux, charge: 800, time: t },
          { element: 'MM1', plane: 'Y', u: uy, charge: 800, time: t },
        ],
      });
    }
    const out = reconstructBundle({ setup, run: RUN, events: eventsBatch(RUN, evs), digits: digitize(setup, RUN, evs, rng) });
    const h = out.hits;
    const dx: number[] = [];
    const dt: number[] = [];
    let found = 0;
    for (let r = 0; r < h.run.length; r++) {
      expect(h.detector[r]).toBe('MM');
      const tr = truth[h.event[r]];
      if (h.plane[r] === 0) {
        dx.push(h.x[r] - tr.ux);
        expect(Number.isNaN(h.y[r])).toBe(true);
        expect(h.z[r]).toBeCloseTo(planeZ(mm, 'X'), 3);
        // strip -> coordinate through the geometry
        expect(h.x[r]).toBeCloseTo(stripCoordinate(mm, 'X', 0) + h.strip[r] * 0.25, 3);
        found++;
      } else {
        expect(h.y[r] - tr.uy).toBeLessThan(0.1);
      }
      dt.push(h.time[r] - tr.t);
      expect(h.cluster_size[r]).toBeGreaterThanOrEqual(2);
      expect(h.energy[r]).toBe(0);
    }
    expect(found).toBe(400);
    const mean = dx.reduce((a, b) => a + b, 0) / dx.length;
    const rms = Math.sqrt(dx.reduce((a, b) => a + (b - mean) ** 2, 0) / dx.length);
    // 0.25 mm pitch, charge 800 counts over ~3 strips, strip noise 4..8 counts.
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(rms).toBeLessThan(0.03);
    const tMean = dt.reduce((a, b) => a + b, 0) / dt.length;
    const tRms = Math.sqrt(dt.reduce((a, b) => a + (b - tMean) ** 2, 0) / dt.length);
    expect(Math.abs(tMean)).toBeLessThan(0.5);
    // measured ~4 ns rms with these charges and strip noise
    expect(tRms).toBeLessThan(6);
  });
});

describe('straw hits', () => {
  it('gives two mirror hits at wire -+ r with r from the linear r-t relation', () => {
    const rng = new TestRng(104);
    const st = getElement(setup, 'ST1');
    const evs: EventDeposits[] = [];
    const us: number[] = [];
    const u0 = stripCoordinate(st, 'X', 0);
    for (let i = 0; i < 200; i++) {
      // r >= 0.3 mm: drift time above the largest time offset (5 ns), so the TDC count is positive
      const tube = 20 + Math.floor(24 * rng.uniform());
      const u = u0 + tube * 6 + (rng.uniform() < 0.5 ? -1 : 1) * (0.3 + 2.6 * rng.uniform());
      us.push(u);
      evs.push({ spill: 1, event: i, straws: [{ element: 'ST1', plane: 'X', u }] });
    }
    const out = reconstructBundle({ setup, run: RUN, events: eventsBatch(RUN, evs), digits: digitize(setup, RUN, evs, rng) });
    const h = out.hits;
    expect(h.run.length).toBe(400);
    for (let i = 0; i < 200; i++) {
      const a = 2 * i;
      const b = a + 1;
      expect(h.event[a]).toBe(i);
      expect(h.event[b]).toBe(i);
      const tube = Math.round(h.strip[a]);
      const wire = u0 + tube * 6;
      const u = us[i];
      // TDC quantisation: 0.1 ns bins at 0.05 mm/ns -> |error| <= 0.0025 mm.
      const near = Math.min(Math.abs(h.x[a] - u), Math.abs(h.x[b] - u));
      expect(near).toBeLessThan(0.003);
      expect(h.x[a] + h.x[b]).toBeCloseTo(2 * wire, 3);
      expect(h.x[a]).toBeLessThanOrEqual(h.x[b]);
      // drift time = r / v
      expect(h.time[a]).toBeCloseTo(Math.abs(u - wire) / 0.05, 0);
    }
  });
});
