// A' (invisible mode) and X17 (visible mode) samples against the physics formulas: the A' energy
// fraction against the IWW dsigma/dx (KS), the yield against darkPhotonYieldPerEot and the
// weights, the X17 decay length against the exponential law with (p/m) c tau, the opening angle
// against 2m/E.
import { describe, expect, it } from 'vitest';
import { material, sectionMaterialTotals } from '@na64/format';
import {
  ELECTRON_MASS,
  PDG_DARK_PHOTON,
  RunSimulator,
  darkPhotonDecayLength,
  darkPhotonXShape,
  darkPhotonYieldPerEot,
  EVENT_FLAGS,
} from '@na64/sim';
import type { TruthList } from '@na64/sim';
import { ksUniform } from './helpers/decode.ts';
import { withBeam } from './helpers/setups.ts';

/** CDF of x at emitter energy E by midpoint integration of the IWW shape in v = -ln(1 - x). */
function xCdf(x: number, m: number, E: number, n = 3000): number {
  const v0 = -Math.log(1 - m / E);
  const v1 = -Math.log(ELECTRON_MASS / E);
  const vx = -Math.log(1 - x);
  const dv = (v1 - v0) / n;
  let all = 0;
  let below = 0;
  for (let i = 0; i < n; i++) {
    const v = v0 + (i + 0.5) * dv;
    const xi = 1 - Math.exp(-v);
    const g = darkPhotonXShape(xi, m, E) * (1 - xi);
    all += g;
    if (v < vx) below += g;
  }
  return below / all;
}

function rows(t: TruthList, test: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) if (test(i)) out.push(i);
  return out;
}

/** Pb of the invis-2018 ECAL: 150 layers x 1.5 mm, in Pb radiation lengths (PDG X0 = 5.612 mm). */
function ecalLeadX0(): number {
  return (150 * 1.5) / material('Pb').X0;
}

describe("A' emission in the ECAL (invisible mode)", () => {
  const m = 0.0167;
  const eps = 1e-4;
  const setup = withBeam('invis-2018', { energy: 100 });

  it('prints the physics-layer yield and weights emitting events by 1/bias', () => {
    const pb = material('Pb');
    const expected = darkPhotonYieldPerEot({
      m,
      eps,
      E0: 100,
      target: { Z: pb.Z, A: pb.A, density: pb.density, X0: pb.X0 },
      thicknessX0: ecalLeadX0(),
    });
    // Bias so that 30% of the events emit: emitted fraction and summed weights check the bias.
    const bias = 0.3 / expected;
    const n = 1200;
    const sim = new RunSimulator({ setup, run: 3855, events: n, seed: 7, process: 'a-prime', mass: m, epsilon: eps, bias });
    expect(sim.physics.aPrimeYield! / expected).toBeCloseTo(1, 9);
    expect(sim.physics.aPrimeTarget).toBe('ECAL');
    expect(sim.physics.visible).toBe(false);
    let emitted = 0;
    let weighted = 0;
    for (let i = 0; i < n; i++) {
      const r = sim.simulateEvent(i);
      if (r.flags & EVENT_FLAGS.aPrime) {
        emitted++;
        weighted += r.weight;
        expect(r.weight).toBeCloseTo(1 / bias, 12);
      } else expect(r.weight).toBe(1);
    }
    // Binomial: 0.3 +- 4 sigma.
    const sigma = Math.sqrt((0.3 * 0.7) / n);
    expect(Math.abs(emitted / n - 0.3)).toBeLessThan(4 * sigma);
    // Weighted A' per EOT estimates the yield.
    expect(Math.abs(weighted / n / expected - 1)).toBeLessThan((4 * sigma) / 0.3);
    // Sanity of the formula's scale: the yield is that of ~1 X0 of Pb with sigma_ETL, order 1e-10.
    expect(expected).toBeGreaterThan(1e-11);
    expect(expected).toBeLessThan(1e-9);
  });

  it("x = E_A'/E follows dsigma/dx (KS) and the A' carries its energy out of the setup", () => {
    const n = 800;
    const sim = new RunSimulator({ setup, run: 3855, events: n, seed: 3, process: 'a-prime', mass: m, epsilon: eps });
    const u: number[] = [];
    const ecal = sim.model.byName.get('ECAL')!;
    let aboveHalf = 0;
    for (let i = 0; i < n; i++) {
      sim.simulateEvent(i);
      const t = sim.transport.truth;
      const [a] = rows(t, (j) => t.pdg[j] === PDG_DARK_PHOTON);
      const [rec] = rows(t, (j) => t.pdg[j] === 11 && t.process[j] === 'a-prime');
      expect(a).toBeDefined();
      expect(rec).toBeDefined();
      expect(t.parent[a]).toBe(0);
      const E = t.e[a] + t.e[rec];
      u.push(xCdf(t.e[a] / E, m, E));
      // Invisible: the A' ends at the back of the setup; the ECAL keeps E0 - E_A'.
      expect(t.endZ[a]).toBeCloseTo(sim.model.zEnd, 3);
      expect(t.vz[a]).toBeGreaterThanOrEqual(ecal.z0);
      expect(t.vz[a]).toBeLessThanOrEqual(ecal.z1);
      if (t.e[a] > 50) aboveHalf++;
    }
    const ks = ksUniform(u);
    expect(ks.d).toBeLessThan(ks.critical);
    // The emitter's energy follows Tsai's I_e: the fraction with E_A' > E0/2 is the ratio of the
    // yields above E0/2 and in total (binomial, 4 sigma).
    const p = sim.physics.aPrimeYieldAboveHalf! / sim.physics.aPrimeYield!;
    expect(Math.abs(aboveHalf / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });
});

describe('X17 in the WCAL (visible mode, vis-2018)', () => {
  it('decays after an exponential path with mean (p/m) c tau, opening angle >= ~2m/E', () => {
    const m = 0.0167;
    const eps = 3e-4; // decay length 32 cm at 100 GeV: many decay in the WCAL, some behind it
    const setup = withBeam('vis-2018', { energy: 150 });
    const n = 1000;
    const sim = new RunSimulator({ setup, run: 4311, events: n, seed: 17, process: 'x17', mass: m, epsilon: eps });
    expect(sim.physics.aPrimeTarget).toBe('WCAL');
    expect(sim.physics.visible).toBe(true);
    const u: number[] = [];
    const ratio: number[] = [];
    let behind = 0;
    const wcal = sim.model.byName.get('WCAL')!;
    for (let i = 0; i < n; i++) {
      sim.simulateEvent(i);
      const t = sim.transport.truth;
      const [a] = rows(t, (j) => t.pdg[j] === PDG_DARK_PHOTON);
      const d = rows(t, (j) => t.parent[j] === a && t.process[j] === 'decay');
      expect(d.length).toBe(2);
      expect(t.pdg[d[0]] + t.pdg[d[1]]).toBe(0);
      const L = Math.hypot(t.endX[a] - t.vx[a], t.endY[a] - t.vy[a], t.endZ[a] - t.vz[a]);
      const lambda = darkPhotonDecayLength(m, eps, t.e[a]);
      u.push(1 - Math.exp(-L / lambda));
      if (t.endZ[a] > wcal.z1) behind++;
      // Daughters start at the decay vertex and share the A' energy.
      expect(t.e[d[0]] + t.e[d[1]]).toBeCloseTo(t.e[a], 3);
      const dot = t.px[d[0]] * t.px[d[1]] + t.py[d[0]] * t.py[d[1]] + t.pz[d[0]] * t.pz[d[1]];
      const n0 = Math.hypot(t.px[d[0]], t.py[d[0]], t.pz[d[0]]);
      const n1 = Math.hypot(t.px[d[1]], t.py[d[1]], t.pz[d[1]]);
      const angle = Math.acos(Math.min(1, dot / (n0 * n1)));
      ratio.push(angle / ((2 * m) / t.e[a]));
    }
    const ks = ksUniform(u);
    expect(ks.d).toBeLessThan(ks.critical);
    expect(behind).toBeGreaterThan(0);
    ratio.sort((x, y) => x - y);
    // float32 truth momenta resolve angles of ~0.3 mrad to ~1e-3 relative.
    expect(ratio.filter((r) => r < 0.95).length).toBeLessThanOrEqual(1);
    const q01 = ratio[Math.floor(0.01 * ratio.length)];
    expect(q01).toBeGreaterThan(0.97);
    expect(q01).toBeLessThan(1.1);
  });
});
