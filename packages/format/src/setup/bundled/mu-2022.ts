/**
 * mu-2022: NA64mu setup, 160 GeV mu- on the M2 line (DESIGN 6).
 * Approximate: real survey positions are not public. Upstream spectrometer MS1 (MM1, MM2,
 * MBPL dipole 3.5 T m, MM3, MM4; 6.6 mrad at 160 GeV), straws and trackers, the ECAL as active
 * target, VETO, a 4-module HCAL, then the downstream spectrometer MS2 (MM7, dipole, MM8, straws)
 * measuring the outgoing muon. Run range and calibration constants are placeholders.
 */
import type { SetupInput } from '../schema.ts';
import { beamLine, counter, dipole, ecal, hcal, kick, micromegas, straws, veto } from './parts.ts';

const P = 160; // GeV
const BY = 1.75; // T over 2 m (approx.)
const beamX = beamLine([
  { z: 3500, angle: kick(BY * 2, P) },
  { z: 18500, angle: kick(BY * 2, P) },
]);
const on = (z: number) => ({ x: beamX(z), y: 0, z });

export const mu2022: SetupInput = {
  id: 'mu-2022',
  description: 'NA64mu 2022, 160 GeV mu- on M2 with two magnet spectrometers (approximate geometry)',
  runs: [6000, 6500],
  beam: {
    particle: 'mu-',
    energy: P,
    // M2 muon beam: few-% momentum spread, cm-size spot, small hadron admixture (approx.).
    energySpread: 0.03,
    spotSize: { x: 10, y: 10 },
    contamination: { 'pi-': 1e-5 },
    intensityPerSpill: 1e7,
    spillLength: 4.8,
  },
  elements: [
    counter('S0', on(0), { source: 600, face: 60, thickness: 5, description: 'beam counter' }),
    micromegas('MM1', on(1000), { source: 400, multiplexer: 900 }),
    micromegas('MM2', on(1500), { source: 401, multiplexer: 900 }),
    dipole('MS1', { x: 0, y: 0, z: 3500 }, BY, 'MS1 spectrometer magnet, MBPL 3.5 T m (approx.)'),
    micromegas('MM3', on(5500), { source: 402, multiplexer: 900 }),
    micromegas('MM4', on(6000), { source: 403, multiplexer: 900 }),
    straws('ST1', on(6500), { source: 420 }),
    straws('ST2', on(7000), { source: 421 }),
    micromegas('MM5', on(9000), { source: 404, multiplexer: 901 }),
    micromegas('MM6', on(9500), { source: 405, multiplexer: 901 }),
    counter('S1', on(9800), { source: 601, face: 60, thickness: 5, description: 'counter in front of the target' }),
    ecal({ x: Number((beamX(10225) - 19.1).toFixed(1)), y: -19.1, z: 10225 }, 610),
    veto(on(10600), 615),
    hcal(on(10700 + 2784), 620, 'large HCAL: Fe/Sc, 4 modules of 3x3 cells (approx.)'),
    micromegas('MM7', on(17000), { source: 406, multiplexer: 901 }),
    dipole('MS2', { x: 0, y: 0, z: 18500 }, BY, 'MS2 spectrometer magnet, 3.5 T m (approx.)'),
    micromegas('MM8', on(20500), { source: 407, multiplexer: 901 }),
    straws('ST3', on(21000), { source: 422 }),
    straws('ST4', on(21500), { source: 423 }),
  ],
};
