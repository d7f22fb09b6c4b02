/**
 * invis-2018: NA64 invisible-mode setup, 100 GeV e- on the H4 line (DESIGN 6).
 * Approximate: real survey positions are not public. z = 0 at the first beam counter S0; the
 * two MBPL dipoles (2 x 3.5 T m = 7 T m) bend the 100 GeV e- by +21 mrad towards +x, so every
 * detector downstream sits on the deflected line, while the SRD spans the fan of synchrotron
 * photons between the undeflected line (x = 0) and the beam. The ECAL is placed so the beam hits the centre of
 * cell (3, 3). The upstream veto V0 is a plain paddle (its beam hole is not modelled).
 * Run range and calibration constants are placeholders (generated, not measured).
 */
import type { SetupInput } from '../schema.ts';
import { beamLine, h4ElectronBeam, h4Spectrometer, ecal, gem, hcal, kick, micromegas, srd, straws, veto } from './parts.ts';

const P = 100; // GeV
// Two MBPL dipoles, By = +1.75 T over 2 m each (approx.; DESIGN 6: integral ~7 T m, ~21 mrad).
const BY = 1.75;
const beamX = beamLine([
  { z: 5000, angle: kick(BY * 2, P) },
  { z: 7500, angle: kick(BY * 2, P) },
]);
const on = (z: number) => ({ x: beamX(z), y: 0, z });

export const invis2018: SetupInput = {
  id: 'invis-2018',
  description: 'NA64 invisible mode 2018, 100 GeV e- on H4 (approximate geometry)',
  runs: [3500, 4310],
  beam: h4ElectronBeam(P),
  elements: [
    ...h4Spectrometer(on, BY),
    gem('GEM1', on(13500), { source: 410, multiplexer: 901 }),
    gem('GEM2', on(13800), { source: 411, multiplexer: 901 }),
    straws('ST1', on(14500), { source: 420 }),
    straws('ST2', on(15000), { source: 421 }),
    micromegas('MM7', on(16000), { source: 406, multiplexer: 901 }),
    // The synchrotron fan spans x = 0..~210 mm at this z (SRD: -5..190 mm), the beam passes at x = 216 mm.
    srd({ x: 92.5, y: 0, z: 16500 }, 605, 195),
    ecal({ x: Number((beamX(17225) - 19.1).toFixed(1)), y: -19.1, z: 17225 }, 610),
    veto(on(17700), 615),
    hcal(on(17800 + 2784), 620),
  ],
};

// Example of a per-run-range calibration override: HCAL gains 2% higher in runs 4000..4099
// (illustrative, e.g. after a high-voltage change).
{
  const hcalEl = invis2018.elements.find((e) => e.name === 'HCAL')!;
  if (hcalEl.readout?.digitizer === 'msadc') {
    const gains = hcalEl.readout.calibration.gain as number[];
    hcalEl.readout.overrides = [
      { runs: [4000, 4099], calibration: { gain: gains.map((g) => Number((g * 1.02).toPrecision(4))) } },
    ];
  }
}
