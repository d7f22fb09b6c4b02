import { describe, expect, it } from 'vitest';
import { getElement, getSetup } from '@na64/format';
import { reconstructBundle } from '@na64/reco';
import { TestRng, digitize, eventsBatch, type EventDeposits } from './helpers/digitize.ts';
import { trackDeposits } from './helpers/tracks.ts';

describe('tracking and momentum (invis-2018, 100 GeV e-)', () => {
  const setup = getSetup('invis-2018');
  const RUN = 3700;
  const rng = new TestRng(201);
  const N = 400;
  const truth: number[] = [];
  const events: EventDeposits[] = [];
  for (let i = 0; i < N; i++) {
    // beam: 1% momentum spread, 3 mm spot, ~0.1 mrad divergence (setup beam block)
    const p = setup.beam.energy * (1 + setup.beam.energySpread * rng.gauss());
    truth.push(p);
    const dep = trackDeposits(
      setup,
      rng,
      p,
      { x: setup.beam.spotSize.x * rng.gauss(), y: setup.beam.spotSize.y * rng.gauss() },
      { tx: 1e-4 * rng.gauss(), ty: 1e-4 * rng.gauss() },
      0.03,
    );
    // one noise cluster per event on a random Micromegas plane
    const mm = getElement(setup, `MM${1 + Math.floor(7 * rng.uniform())}`);
    dep.strips.push({ element: mm.name, plane: rng.uniform() < 0.5 ? 'X' : 'Y', u: (rng.uniform() < 0.5 ? mm.position.x : 0) + 60 * (rng.uniform() - 0.5), charge: 500 });
    events.push({ spill: 1 + Math.floor(i / 200), event: i % 200, ...dep });
  }
  const digits = digitize(setup, RUN, events, rng);
  const out = reconstructBundle({ setup, run: RUN, events: eventsBatch(RUN, events), digits });

  it('measures the incoming momentum with ~1% resolution and > 95% efficiency', () => {
    const res: number[] = [];
    for (let i = 0; i < N; i++) {
      const p = out.events.p_in[i];
      if (Number.isFinite(p) && Math.abs(p / truth[i] - 1) < 0.1) res.push(p / truth[i] - 1);
    }
    const eff = res.length / N;
    const mean = res.reduce((a, b) => a + b, 0) / res.length;
    const rms = Math.sqrt(res.reduce((a, b) => a + (b - mean) ** 2, 0) / res.length);
    expect(eff).toBeGreaterThan(0.95);
    expect(Math.abs(mean)).toBeLessThan(0.003);
    // measured ~0.5% with pitch/sqrt(12) smearing, 3% plane inefficiency, one noise cluster per event
    expect(rms).toBeLessThan(0.015);
  });

  it('writes an upstream and a downstream segment with charge -1, slopes, chi2/ndf and hit indices', () => {
    const t = out.tracks;
    const h = out.hits;
    // first row of hits per event key
    const firstHit = new Map<string, number>();
    for (let r = h.run.length - 1; r >= 0; r--) firstHit.set(`${h.spill[r]}:${h.event[r]}`, r);
    let linked = 0;
    for (let k = 0; k < t.run.length; k++) {
      expect(t.station[k] === 0 || t.station[k] === 1).toBe(true);
      if (!Number.isNaN(t.momentum[k])) {
        linked++;
        expect(t.charge[k]).toBe(-1);
      }
      expect(t.ndf[k]).toBeGreaterThanOrEqual(2);
      expect(t.chi2[k] / t.ndf[k]).toBeLessThan(20);
      const h0 = firstHit.get(`${t.spill[k]}:${t.event[k]}`)!;
      for (let j = t.hits.offsets[k]; j < t.hits.offsets[k + 1]; j++) {
        const r = h0 + t.hits.values[j];
        expect(h.spill[r]).toBe(t.spill[k]);
        expect(h.event[r]).toBe(t.event[k]);
        expect(['MM', 'GEM', 'ST']).toContain(h.detector[r]);
      }
      // downstream segments bend towards +x by ~21 mrad (e-, By > 0)
      if (t.station[k] === 1) expect(t.tx[k]).toBeGreaterThan(0.015);
      else expect(Math.abs(t.tx[k])).toBeLessThan(0.002);
    }
    expect(linked / (2 * N)).toBeGreaterThan(0.95);
    for (let i = 0; i < N; i++) expect(out.events.n_tracks[i]).toBeLessThanOrEqual(3);
    // sorted by key
    for (let k = 1; k < t.run.length; k++) expect(t.spill[k] * 1000 + t.event[k]).toBeGreaterThanOrEqual(t.spill[k - 1] * 1000 + t.event[k - 1]);
  });
});
