/**
 * Building blocks for the bundled setups: detector elements with their channel maps and
 * calibration tables. All geometry is approximate (real survey positions are not public);
 * numbers and their sources are in DESIGN 6 and in the comments below. Per-channel calibration
 * constants are drawn from a fixed-seed generator so the tables are complete, plausible and
 * reproducible (they are not measured values).
 */
import type { SetupInput } from '../schema.ts';
import { fnv1a, mulberry32 } from '../../util/mulberry32.ts';

type ElementInput = SetupInput['elements'][number];
type Vec = { x: number; y: number; z: number };

/** Deterministic generator seeded by a string. */
const generator = (seed: string): (() => number) => mulberry32(fnv1a(seed));

const round = (v: number, digits: number): number => Number(v.toFixed(digits));
const sig = (v: number, digits: number): number => Number(v.toPrecision(digits));

export interface MsadcOptions {
  /** Energy per ADC count of amplitude, GeV, per section (front to back). */
  gains: number[];
  /** Channels per section (cells x PMTs of one section). */
  perSection: number;
  /** Relative rms spread of gains around the nominal value. */
  gainSpread?: number;
}

/**
 * MSADC calibration: pedestals 200..400 ADC counts with an even/odd difference of up to
 * +-15 counts (two interleaved ADCs, DESIGN 5), noise 2..4 counts, gains per section +-5%,
 * time offsets within +-3 ns. The 12-bit range holds 4095 - pedestal counts of amplitude.
 */
export function msadcCalibration(name: string, n: number, options: MsadcOptions) {
  const rnd = generator(`msadc:${name}`);
  const spread = options.gainSpread ?? 0.05;
  const pedestalEven: number[] = [];
  const pedestalOdd: number[] = [];
  const noise: number[] = [];
  const gain: number[] = [];
  const timeOffset: number[] = [];
  for (let i = 0; i < n; i++) {
    const ped = 200 + 200 * rnd();
    pedestalEven.push(round(ped, 1));
    pedestalOdd.push(round(ped + (rnd() * 30 - 15), 1));
    noise.push(round(2 + 2 * rnd(), 2));
    const g = options.gains[Math.min(Math.floor(i / options.perSection), options.gains.length - 1)]!;
    gain.push(sig(g * (1 + spread * (2 * rnd() - 1)), 4));
    timeOffset.push(round(6 * rnd() - 3, 2));
  }
  return { pedestalEven, pedestalOdd, noise, gain, timeOffset };
}

function stack(blocks: [number, [string, number][]][]): ElementInput['material'] {
  return blocks.map(([repeat, layers]) => ({
    repeat,
    layers: layers.map(([material, thickness]) => ({ material: material as 'Pb', thickness })),
  }));
}

/** Single-channel scintillation counter (beam counters S0..S4, W2), MSADC. */
export function counter(name: string, at: Vec, options: { source: number; face: number; thickness: number; kind?: 'counter' | 'veto'; description: string }): ElementInput {
  return {
    name,
    kind: options.kind ?? 'counter',
    detector: options.kind === 'veto' ? 'V' : 'S',
    description: options.description,
    position: at,
    size: { x: options.face, y: options.face, z: options.thickness },
    material: stack([[1, [['scintillator', options.thickness]]]]),
    segmentation: { type: 'cells', nx: 1, ny: 1, pitchX: options.face, pitchY: options.face, sections: [{ name: 'all', layers: [0, 0] }] },
    readout: {
      digitizer: 'msadc',
      map: { entries: [{ source: options.source, port: 0, channel: 0, cell: [0, 0, 0] }] },
      // 1e-5 GeV per count: a MIP in 5 mm scintillator (~1 MeV) gives ~100 counts.
      calibration: msadcCalibration(name, 1, { gains: [1e-5], perSection: 1 }),
    },
  };
}

type StripRule = { source: number; ports: [number, number]; channels: [number, number]; plane: string; strips: [number, number] };

/** An APV-read tracker station with one X and one Y strip plane (Micromegas, GEM). */
function xyStripStation(
  name: string,
  at: Vec,
  options: { source: number; multiplexer?: number },
  spec: { detector: string; description: string; pitch: number; count: number; dz: number; width: number; depth: number; gas: number; rules: Omit<StripRule, 'source'>[] },
): ElementInput {
  const planes = [
    { name: 'X', orientation: 'x' as const, pitch: spec.pitch, count: spec.count, dz: -spec.dz },
    { name: 'Y', orientation: 'y' as const, pitch: spec.pitch, count: spec.count, dz: spec.dz },
  ];
  return {
    name,
    kind: 'tracker-strip',
    detector: spec.detector,
    description: spec.description,
    position: at,
    size: { x: spec.width, y: spec.width, z: spec.depth },
    material: stack([[1, [['gas', spec.gas]]]]),
    segmentation: { type: 'planes', planes },
    readout: {
      digitizer: 'apv',
      ...(options.multiplexer !== undefined ? { multiplexer: options.multiplexer } : {}),
      map: { rules: spec.rules.map((r) => ({ source: options.source, ...r })) },
      calibration: apvCalibration(name, planes),
    },
  };
}

/**
 * Micromegas station: 8 x 8 cm, X and Y planes of 320 strips at 0.25 mm pitch (DESIGN 6),
 * APV25 readout (128 channels per chip): per plane chips 0,1 full and chip 2 half used.
 * Material: 6 mm Ar/CO2 (mesh and PCB neglected, approx.).
 */
export function micromegas(name: string, at: Vec, options: { source: number; multiplexer?: number }): ElementInput {
  return xyStripStation(name, at, options, {
    detector: 'MM',
    description: 'Micromegas, 8 x 8 cm, XY strips 0.25 mm',
    pitch: 0.25, count: 320, dz: 2, width: 80, depth: 10, gas: 6,
    rules: [
      { ports: [0, 1], channels: [0, 127], plane: 'X', strips: [0, 255] },
      { ports: [2, 2], channels: [0, 63], plane: 'X', strips: [256, 319] },
      { ports: [3, 4], channels: [0, 127], plane: 'Y', strips: [0, 255] },
      { ports: [5, 5], channels: [0, 63], plane: 'Y', strips: [256, 319] },
    ],
  });
}

/** Triple-GEM station: 10.24 x 10.24 cm, X and Y planes of 256 strips at 0.4 mm (approx.), APV. */
export function gem(name: string, at: Vec, options: { source: number; multiplexer?: number }): ElementInput {
  return xyStripStation(name, at, options, {
    detector: 'GEM',
    description: 'triple GEM, 10 x 10 cm, XY strips 0.4 mm (approx.)',
    pitch: 0.4, count: 256, dz: 3, width: 102.4, depth: 12, gas: 10,
    rules: [
      { ports: [0, 1], channels: [0, 127], plane: 'X', strips: [0, 255] },
      { ports: [2, 3], channels: [0, 127], plane: 'Y', strips: [0, 255] },
    ],
  });
}

/** APV pedestal/sigma tables: pedestals 400..700 ADC counts, sigma 4..8 counts (approx.). */
function apvCalibration(name: string, planes: { name: string; count: number }[]) {
  const rnd = generator(`apv:${name}`);
  const out: Record<string, { pedestal: number[]; sigma: number[] }> = {};
  for (const p of planes) {
    const pedestal: number[] = [];
    const sigma: number[] = [];
    for (let i = 0; i < p.count; i++) {
      pedestal.push(round(400 + 300 * rnd(), 1));
      sigma.push(round(4 + 4 * rnd(), 2));
    }
    out[p.name] = { pedestal, sigma };
  }
  // A MIP leaves ~1.7 keV in 6 mm of Ar/CO2 (PDG dE/dx min); with a Micromegas/GEM gas gain of
  // ~1e4 that reads as ~400 ADC counts summed over a cluster: 4e-9 GeV per count (approx.).
  return { planes: out, gain: 4e-9, timeOffset: 0 };
}

/** Straw station: X and Y planes of 64 tubes of 6 mm (approx.), F1-style TDC, one port per plane. */
export function straws(name: string, at: Vec, options: { source: number }): ElementInput {
  const planes = [
    { name: 'X', orientation: 'x' as const, tubeDiameter: 6, count: 64, dz: -6 },
    { name: 'Y', orientation: 'y' as const, tubeDiameter: 6, count: 64, dz: 6 },
  ];
  const rnd = generator(`tdc:${name}`);
  const planeCal: Record<string, { timeOffset: number[] }> = {};
  for (const p of planes) planeCal[p.name] = { timeOffset: Array.from({ length: p.count }, () => round(10 * rnd() - 5, 2)) };
  return {
    name,
    kind: 'straw',
    detector: 'ST',
    description: 'straw tubes, 2 x 64 tubes of 6 mm (approx.)',
    position: at,
    size: { x: 400, y: 400, z: 24 },
    material: stack([[1, [['gas', 12]]]]),
    segmentation: { type: 'tubes', planes },
    readout: {
      digitizer: 'tdc',
      map: {
        rules: [
          { source: options.source, ports: [0, 0], channels: [0, 63], plane: 'X', strips: [0, 63] },
          { source: options.source, ports: [1, 1], channels: [0, 63], plane: 'Y', strips: [0, 63] },
        ],
      },
      // 0.1 ns TDC bins (approx.), 0.05 mm/ns drift velocity in Ar/CO2 (approx.).
      calibration: { tdcBin: 0.1, driftVelocity: 0.05, planes: planeCal },
    },
  };
}

/** MBPL dipole: 2 m field region (approx.), yoke box 1 x 0.4 m aperture region. */
export function dipole(name: string, at: Vec, By: number, description: string): ElementInput {
  return {
    name,
    kind: 'magnet',
    description,
    position: at,
    size: { x: 1000, y: 400, z: 2000 },
    material: [],
    field: { By, length: 2000 },
  };
}

/**
 * ECAL: Pb/Sc shashlik, 6 x 6 cells of 38.2 mm, 150 layers of 1.5 mm Pb + 1.5 mm Sc
 * (40.6 X0): preshower layers 0..14 (4.1 X0) + main 15..149 (36.6 X0), 72 channels (DESIGN 6).
 * MSADC source `source`, ports 0..5 x channels 0..11 row-major (ix fastest, then iy, section).
 * Gains: preshower 0.006 GeV/count, main 0.03 GeV/count: even a whole 100 GeV shower in one
 * main cell is 3333 counts, which with a pedestal below 400 stays inside the 12-bit range.
 */
export function ecal(at: Vec, source: number): ElementInput {
  return {
    name: 'ECAL',
    kind: 'calorimeter',
    description: 'Pb/Sc shashlik, 6x6 cells of 38.2 mm, preshower + main (approx.)',
    position: at,
    size: { x: 229.2, y: 229.2, z: 450 },
    material: stack([[150, [['Pb', 1.5], ['scintillator', 1.5]]]]),
    segmentation: {
      type: 'cells', nx: 6, ny: 6, pitchX: 38.2, pitchY: 38.2,
      sections: [{ name: 'preshower', layers: [0, 14] }, { name: 'main', layers: [15, 149] }],
    },
    readout: {
      digitizer: 'msadc',
      map: { rules: [{ source, ports: [0, 5], channels: [0, 11] }] },
      calibration: msadcCalibration('ECAL', 72, { gains: [0.006, 0.03], perSection: 36 }),
    },
  };
}

/**
 * HCAL: 4 modules of 3 x 3 cells of 194 mm (module face 582 mm), each 48 layers of 25 mm Fe +
 * 4 mm Sc (7.4 lambda_I); modules modelled as one box with one depth section per module
 * (inter-module gaps neglected, approx.). MSADC ports 0..2 x channels 0..11.
 */
export function hcal(at: Vec, source: number, description = 'Fe/Sc, 4 modules of 3x3 cells (approx.)'): ElementInput {
  return {
    name: 'HCAL',
    kind: 'calorimeter',
    description,
    position: at,
    size: { x: 582, y: 582, z: 4 * 48 * 29 },
    material: stack([[4 * 48, [['Fe', 25], ['scintillator', 4]]]]),
    segmentation: {
      type: 'cells', nx: 3, ny: 3, pitchX: 194, pitchY: 194,
      sections: [0, 1, 2, 3].map((m) => ({ name: `module${m}`, layers: [48 * m, 48 * m + 47] as [number, number] })),
    },
    readout: {
      digitizer: 'msadc',
      map: { rules: [{ source, ports: [0, 2], channels: [0, 11] }] },
      // 0.03 GeV per count: a 100 GeV hadron shower in one module fits the 12-bit range.
      calibration: msadcCalibration('HCAL', 36, { gains: [0.03], perSection: 9 }),
    },
  };
}

/** VETO behind the ECAL: 3 horizontal paddles (stacked in y) x 2 PMTs, 40 mm scintillator. */
export function veto(at: Vec, source: number): ElementInput {
  return {
    name: 'VETO',
    kind: 'veto',
    description: '3 paddles x 2 PMTs, 40 mm scintillator (approx.)',
    position: at,
    size: { x: 600, y: 600, z: 40 },
    material: stack([[1, [['scintillator', 40]]]]),
    segmentation: { type: 'cells', nx: 1, ny: 3, pitchX: 600, pitchY: 200, pmtsPerCell: 2, sections: [{ name: 'all', layers: [0, 0] }] },
    readout: {
      digitizer: 'msadc',
      // PMT fastest: channel 2k = paddle k left PMT, 2k+1 = right PMT.
      map: { rules: [{ source, ports: [0, 0], channels: [0, 5], order: ['pmt', 'iy', 'ix', 'section'] }] },
      // 1e-5 GeV per count: a MIP (~8 MeV in 40 mm) gives ~800 counts.
      calibration: msadcCalibration('VETO', 6, { gains: [1e-5], perSection: 6 }),
    },
  };
}

/**
 * SRD: 3 Pb/Sc sandwich modules (20 x (1 mm Pb + 1 mm Sc) each, 3.6 X0, approx.), `width` x 80
 * mm, placed beside the deflected beam so that it covers the fan of synchrotron photons emitted
 * along the bend (tangents from x = 0 to the beam line); the BGO part is left out.
 */
export function srd(at: Vec, source: number, width = 80): ElementInput {
  return {
    name: 'SRD',
    kind: 'srd',
    description: 'synchrotron radiation detector, 3 PbSc modules (approx.)',
    position: at,
    size: { x: width, y: 80, z: 120 },
    material: stack([[60, [['Pb', 1], ['scintillator', 1]]]]),
    segmentation: {
      type: 'cells', nx: 1, ny: 1, pitchX: width, pitchY: 80,
      sections: [0, 1, 2].map((m) => ({ name: `module${m}`, layers: [20 * m, 20 * m + 19] as [number, number] })),
    },
    readout: {
      digitizer: 'msadc',
      map: { rules: [{ source, ports: [0, 0], channels: [0, 2] }] },
      // 2e-5 GeV per count: tens of MeV of synchrotron light per electron fit the range.
      calibration: msadcCalibration('SRD', 3, { gains: [2e-5], perSection: 1 }),
    },
  };
}

/**
 * Beam line downstream of thin-lens kicks: x(z) = sum over kicks upstream of z of
 * angle * (z - zKick), rounded to 0.1 mm. Used to place detectors on the deflected beam.
 */
export function beamLine(kicks: { z: number; angle: number }[]): (z: number) => number {
  return (z) => round(kicks.reduce((x, k) => (z > k.z ? x + k.angle * (z - k.z) : x), 0), 1);
}

/** Bend angle of a beam particle of charge -1: +0.2998 * B L / p (see track.ts). */
export function kick(fieldIntegralTm: number, momentum: number): number {
  return (0.299792458 * fieldIntegralTm) / momentum;
}

/**
 * The H4 electron-beam front end shared by invis-2018 and vis-2018: beam counters S0..S2, the
 * upstream veto V0, MM1..MM4, the two MBPL dipoles (By each over 2 m) and MM5, MM6 behind them.
 * `on(z)` places a detector on the (deflected) beam line.
 */
export function h4Spectrometer(on: (z: number) => Vec, by: number): ElementInput[] {
  return [
    counter('S0', on(0), { source: 600, face: 40, thickness: 5, description: 'beam counter' }),
    counter('S1', on(1000), { source: 601, face: 40, thickness: 5, description: 'beam counter' }),
    counter('V0', on(1500), { source: 603, face: 200, thickness: 10, kind: 'veto', description: 'upstream veto (beam hole not modelled)' }),
    counter('S2', on(2000), { source: 602, face: 40, thickness: 5, description: 'beam counter' }),
    micromegas('MM1', on(2500), { source: 400, multiplexer: 900 }),
    micromegas('MM2', on(2800), { source: 401, multiplexer: 900 }),
    micromegas('MM3', on(3300), { source: 402, multiplexer: 900 }),
    micromegas('MM4', on(3600), { source: 403, multiplexer: 900 }),
    dipole('MBPL1', { x: 0, y: 0, z: 5000 }, by, 'MBPL dipole 1, 3.5 T m (approx.)'),
    dipole('MBPL2', { x: 0, y: 0, z: 7500 }, by, 'MBPL dipole 2, 3.5 T m (approx.)'),
    micromegas('MM5', on(12000), { source: 404, multiplexer: 901 }),
    micromegas('MM6', on(13000), { source: 405, multiplexer: 901 }),
  ];
}

/** The H4 electron beam: ~1% momentum bite, few-mm spot, small hadron contamination (approx.). */
export function h4ElectronBeam(energy: number): SetupInput['beam'] {
  return {
    particle: 'e-',
    energy,
    energySpread: 0.01,
    spotSize: { x: 3, y: 3 },
    contamination: { 'pi-': 0.003, 'K-': 0.0002 },
    intensityPerSpill: 5e6,
    spillLength: 4.8,
  };
}
