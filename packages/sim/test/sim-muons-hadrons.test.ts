// Dimuon reference sample (gamma -> mu+ mu- in the ECAL): the muons cross every HCAL module as
// MIPs, each module's decoded energy at the Landau prediction for two muons; hadron beam: no
// synchrotron light, so the SRD signal is suppressed relative to electrons.
import { describe, expect, it } from 'vitest';
import { material } from '@na64/format';
import { LANDAU_MODE, MUON_MASS, RunSimulator, landauParams, materialParams } from '@na64/sim';
import { MsadcReco } from './helpers/decode.ts';
import { withBeam } from './helpers/setups.ts';

/** Median of the standard Landau distribution (PHYSICS.md). */
const LANDAU_MEDIAN = 1.3558;

describe('dimuons', () => {
  it('muons cross all HCAL modules with deposits at the Landau prediction per module', () => {
    const setup = withBeam('invis-2018', { energy: 100 });
    const sim = new RunSimulator({ setup, run: 3855, events: 1000, seed: 23, process: 'dimuon' });
    const reco = new MsadcReco(setup, 3855);
    const modules: number[][] = [[], [], [], []];
    let selected = 0;
    let leaving = 0;
    let pMean = 0;
    for (let i = 0; i < 1000; i++) {
      const ev = sim.simulateEvent(i).event;
      const t = sim.transport.truth;
      const mu = [...Array(t.length).keys()].filter((j) => Math.abs(t.pdg[j]) === 13);
      expect(mu.length).toBe(2);
      expect(mu.map((j) => t.process[j])).toEqual(['conversion', 'conversion']);
      // Muons of > 15 GeV lose ~8 GeV in the ECAL and HCAL: they leave the setup (except for a
      // far Landau tail).
      if (!mu.every((j) => t.e[j] > 15)) continue;
      for (const j of mu) if (Math.abs(t.endZ[j] - sim.model.zEnd) < 1e-3) leaving++;
      selected++;
      pMean += (t.e[mu[0]] + t.e[mu[1]]) / 2;
      for (let s = 0; s < 4; s++) modules[s].push(reco.elementEnergy(ev, 'HCAL', s));
    }
    expect(selected).toBeGreaterThan(60);
    expect(leaving / (2 * selected)).toBeGreaterThan(0.95);
    pMean /= selected;
    // One module: 48 x 25 mm Fe + 48 x 4 mm scintillator (SETUPS.md). Two muons, two materials:
    // the sum of Landau variables X_i = mpv_i + xi_i (lambda_i - lambda_mp) is Landau with
    // xi = sum xi_i and location shifted by xi ln xi - sum xi_i ln xi_i.
    const parts = [
      landauParams(materialParams('Fe'), 48 * 25, pMean, MUON_MASS),
      landauParams(materialParams('scintillator'), 48 * 4, pMean, MUON_MASS),
    ];
    const all = [...parts, ...parts];
    const xi = all.reduce((s, q) => s + q.xi, 0);
    const base = all.reduce((s, q) => s + q.mpv - q.xi * LANDAU_MODE, 0);
    const shift = xi * Math.log(xi) - all.reduce((s, q) => s + q.xi * Math.log(q.xi), 0);
    const median = base + shift + xi * LANDAU_MEDIAN;
    const mpv = base + shift + xi * LANDAU_MODE;
    expect(material('Fe').dEdxMin * 1200 * 2).toBeLessThan(mpv * 1.2); // sanity: order of 2 x 1.4 GeV
    for (const m of modules) {
      const sorted = [...m].sort((a, b) => a - b);
      const med = sorted[Math.floor(sorted.length / 2)];
      expect(Math.abs(med / median - 1)).toBeLessThan(0.08);
      // MIP-like everywhere: every module sees both muons.
      expect(m.filter((e) => e > 0.5 * mpv).length / m.length).toBeGreaterThan(0.95);
    }
  });
});

describe('hadrons', () => {
  it('pi- give no synchrotron light: SRD energy << electrons', () => {
    const setup = withBeam('invis-2018', { energy: 100, contamination: { 'pi-': 0.003 } });
    const reco = new MsadcReco(setup, 3855);
    const n = 250;
    const srd = (process: 'electron' | 'hadron') => {
      const sim = new RunSimulator({ setup, run: 3855, events: n, seed: 31, process });
      let s = 0;
      let hcal = 0;
      for (let i = 0; i < n; i++) {
        const ev = sim.simulateEvent(i).event;
        s += reco.elementEnergy(ev, 'SRD');
        hcal += reco.elementEnergy(ev, 'HCAL');
      }
      return { srd: s / n, hcal: hcal / n };
    };
    const e = srd('electron');
    const pi = srd('hadron');
    // Electrons: tens of MeV of synchrotron light (E_c ~ 12 MeV, ~43 photons, part of them on
    // the SRD); pions: (m_e/m_pi)^4 less power, nothing above the noise.
    expect(e.srd).toBeGreaterThan(0.005);
    expect(pi.srd).toBeLessThan(0.02 * e.srd);
    // Pions shower mostly in the HCAL; electrons do not reach it.
    expect(pi.hcal).toBeGreaterThan(30);
    expect(e.hcal).toBeLessThan(1);
  });
});
