/**
 * vis-2018: NA64 visible-mode setup (X17 search), 150 GeV e- on H4 (DESIGN 6).
 * Approximate: real survey positions are not public. Same upstream part as invis-2018 (7 T m
 * bend, now 14 mrad at 150 GeV); the tungsten calorimeter WCAL (W/Sc, 3 readout sections +
 * catcher, ~38 X0) is dump and target, followed by the W2 counter and V2 veto, a 2 m vacuum
 * decay volume, the S4 counter, trackers, ECAL and HCAL. Run range and calibration constants
 * are placeholders (generated, not measured).
 */
import type { SetupInput } from '../schema.ts';
import { beamLine, h4ElectronBeam, counter, h4Spectrometer, ecal, gem, hcal, kick, micromegas, msadcCalibration, srd, straws } from './parts.ts';

const P = 150; // GeV
const BY = 1.75; // T over 2 m, two MBPL (approx.)
const beamX = beamLine([
  { z: 5000, angle: kick(BY * 2, P) },
  { z: 7500, angle: kick(BY * 2, P) },
]);
const on = (z: number) => ({ x: beamX(z), y: 0, z });

/**
 * WCAL: 44 layers of 3 mm W + 2 mm Sc (0.86 X0 each, 37.9 X0 in all; DESIGN 6: 30-40 X0),
 * one 60 x 60 mm cell, read out in 3 sections (layers 0..3, 4..19, 20..39) + catcher (40..43).
 * Gains: 0.01 GeV/count in the first section, 0.045 in the others (150 GeV -> 3333 counts).
 */
const wcalZ = 15110;
const wcal: SetupInput['elements'][number] = {
  name: 'WCAL',
  kind: 'calorimeter',
  description: 'tungsten/Sc calorimeter, dump and target; 3 sections + catcher (approx.)',
  position: on(wcalZ),
  size: { x: 60, y: 60, z: 220 },
  material: [{ repeat: 44, layers: [{ material: 'W', thickness: 3 }, { material: 'scintillator', thickness: 2 }] }],
  segmentation: {
    type: 'cells', nx: 1, ny: 1, pitchX: 60, pitchY: 60,
    sections: [
      { name: 'S1', layers: [0, 3] },
      { name: 'S2', layers: [4, 19] },
      { name: 'S3', layers: [20, 39] },
      { name: 'catcher', layers: [40, 43] },
    ],
  },
  readout: {
    digitizer: 'msadc',
    map: { rules: [{ source: 630, ports: [0, 0], channels: [0, 3] }] },
    calibration: msadcCalibration('WCAL', 4, { gains: [0.01, 0.045, 0.045, 0.045], perSection: 1 }),
  },
};

export const vis2018: SetupInput = {
  id: 'vis-2018',
  description: 'NA64 visible mode 2018, 150 GeV e- on H4, WCAL + decay volume (approximate geometry)',
  runs: [4311, 4600],
  beam: h4ElectronBeam(P),
  elements: [
    ...h4Spectrometer(on, BY),
    // The synchrotron fan spans x = 0..~105 mm at this z (SRD: -5..97 mm), the beam passes at x = 109 mm.
    srd({ x: 46, y: 0, z: 14000 }, 605, 102),
    wcal,
    counter('W2', on(15300), { source: 631, face: 60, thickness: 5, kind: 'veto', description: 'W2 veto counter behind the WCAL' }),
    counter('V2', on(15400), { source: 632, face: 200, thickness: 10, kind: 'veto', description: 'V2 veto behind the WCAL' }),
    {
      name: 'DV',
      kind: 'decay-volume',
      description: '2 m vacuum decay volume (2018; DESIGN 6: 1-3 m)',
      position: on(16500),
      size: { x: 200, y: 200, z: 2000 },
      material: [{ repeat: 1, layers: [{ material: 'vacuum', thickness: 2000 }] }],
    },
    counter('S4', on(17600), { source: 604, face: 60, thickness: 5, description: 'S4 counter behind the decay volume' }),
    micromegas('MM7', on(17800), { source: 406, multiplexer: 901 }),
    gem('GEM1', on(18000), { source: 410, multiplexer: 901 }),
    gem('GEM2', on(18300), { source: 411, multiplexer: 901 }),
    straws('ST1', on(18600), { source: 420 }),
    ecal({ x: Number((beamX(19225) - 19.1).toFixed(1)), y: -19.1, z: 19225 }, 610),
    hcal(on(19600 + 2784), 620),
  ],
};
