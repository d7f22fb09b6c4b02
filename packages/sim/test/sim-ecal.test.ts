// ECAL validation from the DIGITIZED stream: decode, pedestal-subtract, template-fit amplitude x
// gain; compare with sigma/E = a/sqrt(E) (+) b (a = 8-11%, DESIGN 7) and with the GFlash depth of
// the shower maximum growing like ln E.
import { describe, expect, it } from 'vitest';
import { encodeRawStream } from '@na64/format';
import type { SetupInput } from '@na64/format';
import { RunSimulator } from '@na64/sim';
import { MsadcReco, decodePhysics, meanRms } from './helpers/decode.ts';
import { withBeam } from './helpers/setups.ts';

/**
 * The bundled ECAL gains put a 100 GeV shower near the top of the 12-bit range (30 MeV per count,
 * so 3 counts of noise are ~0.1 GeV per channel). As an experiment adapts its PMT gains to the
 * beam energy, the test variant scales the gains by E / 100 GeV: the same fraction of the ADC range
 * and the same relative noise and zero-suppression threshold at every energy.
 */
function scaleEcalGains(E: number): (doc: SetupInput) => void {
  const k = E / 100;
  return (doc) => {
    const cal = doc.elements.find((e) => e.name === 'ECAL')!.readout!.calibration as { gain: number | number[] };
    cal.gain = Array.isArray(cal.gain) ? cal.gain.map((g) => g * k) : cal.gain * k;
  };
}

function ecalEnergies(E: number, n: number, seed: number, edit: (doc: SetupInput) => void = scaleEcalGains(E)) {
  const setup = withBeam('invis-2018', { energy: E }, edit);
  const sim = new RunSimulator({ setup, run: 3855, events: n, seed });
  const events = Array.from({ length: n }, (_, i) => sim.simulateEvent(i).event);
  const dec = decodePhysics(encodeRawStream(events), sim.sourceKinds());
  expect(dec.summary.problems).toBe(0);
  return { reco: new MsadcReco(setup, 3855), events: dec.physics };
}

describe('ECAL response from the raw stream', () => {
  it('reconstructs the beam energy through the setup gains, with a/sqrt(E) (+) b, a in 8-11%', () => {
    const energies = [10, 50, 100];
    const rel: number[] = [];
    const n = 600;
    for (const E of energies) {
      const { reco, events } = ecalEnergies(E, n, 11 + E);
      const { mean, rms } = meanRms(events.map((ev) => reco.elementEnergy(ev, 'ECAL')));
      // Deposited = beam energy minus small leakage; the zero suppression (3 noise sigma per
      // channel, ~1% of E0 per channel here) loses a few %; synchrotron light adds a little.
      expect(mean / E).toBeGreaterThan(0.95);
      expect(mean / E).toBeLessThan(1.02);
      rel.push(rms / mean);
    }
    // Least squares for (sigma/E)^2 = a^2 / E + b^2.
    const x = energies.map((E) => 1 / E);
    const y = rel.map((r) => r * r);
    const m = x.length;
    const sx = x.reduce((s, v) => s + v, 0);
    const sy = y.reduce((s, v) => s + v, 0);
    const sxx = x.reduce((s, v) => s + v * v, 0);
    const sxy = x.reduce((s, v, i) => s + v * y[i], 0);
    const a2 = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    const b2 = (sy - a2 * sx) / m;
    const a = Math.sqrt(a2);
    // Statistical error of a: (rms/mean)^2 from n events has a relative error sqrt(2/n), carried
    // through the linear fit (a^2 = sum w_i y_i). With n = 600, sigma_a ~ 0.004: a is required to
    // be consistent with 8-11% within 3 sigma_a (the spread over seeds is that large).
    const w = x.map((v) => (m * v - sx) / (m * sxx - sx * sx));
    const sigmaA = Math.sqrt(w.reduce((s, wi, i) => s + (wi * y[i] * Math.sqrt(2 / n)) ** 2, 0)) / (2 * a);
    expect(sigmaA).toBeLessThan(0.006);
    expect(a + 3 * sigmaA).toBeGreaterThan(0.08);
    expect(a - 3 * sigmaA).toBeLessThan(0.11);
    expect(Math.sqrt(Math.max(b2, 0))).toBeLessThan(0.03);
  });

  it('mean shower depth grows like ln E (slope ~1 X0 per e-fold)', () => {
    // Same ECAL read out in 15 depth sections of 10 layers (2.7 X0 each).
    const sections = 15;
    // Gains scaled with the beam energy (as in the resolution test): the zero suppression cuts the
    // same fraction of every shower, so it does not bias the depth of the low-energy ones.
    const edit = (E: number) => (doc: SetupInput): void => {
      const ecal = doc.elements.find((e) => e.name === 'ECAL')!;
      ecal.segmentation = {
        type: 'cells', nx: 6, ny: 6, pitchX: 38.2, pitchY: 38.2,
        sections: Array.from({ length: sections }, (_, s) => ({ name: `s${s}`, layers: [10 * s, 10 * s + 9] as [number, number] })),
      };
      ecal.readout = {
        digitizer: 'msadc',
        map: { rules: Array.from({ length: sections }, (_, s) => ({ source: 700 + s, ports: [0, 2] as [number, number], channels: [0, 11] as [number, number], cells: { section: [s, s] as [number, number] } })) },
        calibration: { pedestalEven: 300, pedestalOdd: 305, noise: 3, gain: 0.03 * (E / 100), timeOffset: 0 },
      } as SetupInput['elements'][number]['readout'];
    };
    const x0PerSection = 10 * (1.5 / 5.612 + 1.5 / 413.1); // Pb and polystyrene X0 in mm (PDG)
    const lnE: number[] = [];
    const depth: number[] = [];
    for (const E of [10, 30, 100]) {
      const { reco, events } = ecalEnergies(E, 400, 5 + E, edit(E));
      let sw = 0;
      let swt = 0;
      for (const ev of events) {
        for (const c of reco.cells(ev)) {
          if (c.element !== 'ECAL') continue;
          sw += c.energy;
          swt += c.energy * (c.section + 0.5) * x0PerSection;
        }
      }
      lnE.push(Math.log(E));
      depth.push(swt / sw);
    }
    const slope1 = (depth[1] - depth[0]) / (lnE[1] - lnE[0]);
    const slope2 = (depth[2] - depth[1]) / (lnE[2] - lnE[1]);
    for (const s of [slope1, slope2]) {
      expect(s).toBeGreaterThan(0.75);
      expect(s).toBeLessThan(1.3);
    }
  });
});
