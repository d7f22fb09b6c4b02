/**
 * Reconstruction parameters and the candidate-selection cuts, with per-setup defaults.
 * Every number here is a default that a JSON file can override (see README "Selection config").
 * Energies GeV, lengths mm, times ns.
 */
import { material, type Setup, type SetupElement } from '@na64/format';

/** Parameters of the hit and track reconstruction. */
export interface RecoConfig {
  /** MSADC: a channel gives a hit when its largest sample rises this many noise rms above the pedestal. */
  msadcThresholdSigma: number;
  /** APV: a strip joins a cluster when its largest frame is this many sigma above its pedestal. */
  apvStripSigma: number;
  /** APV: a cluster needs one strip this many sigma above its pedestal. */
  apvSeedSigma: number;
  /** Straw single-hit resolution, mm (approx.; drift-time measurement). */
  strawResolution: number;
  /** Tracking: a hit joins a candidate line when within windowSigma * resolution + windowMm. */
  trackWindowSigma: number;
  trackWindowMm: number;
  /** Tracking: largest chi2 / ndf of an accepted line. */
  trackMaxChi2Ndf: number;
  /** Tracking: at most this many hits per plane are considered (busy planes are truncated). */
  trackMaxHitsPerPlane: number;
  /** Split station groups at calorimeters and targets (true unless the beam is muons). */
  splitAtCalorimeters: boolean;
  /** Momentum link: largest mismatch of the two segments at the magnet centre, mm. */
  linkMaxMismatchMm: number;
}

/** Cuts of the candidate tags (SCHEMA.md "Tags"). */
export interface SelectionConfig {
  /** Nominal beam energy E0, GeV. */
  beamEnergy: number;
  /** srd_tagged: E_SRD within [min, max], GeV (synchrotron light of an electron in the dipoles). */
  srd: { min: number; max: number };
  /** invisible: SRD-tagged, p_in within [pInMin, pInMax], E_ECAL < ecalMax, E_VETO < vetoMax, E_HCAL < hcalMax. */
  invisible: { enabled: boolean; pInMin: number; pInMax: number; requireMomentum: boolean; ecalMax: number; vetoMax: number; hcalMax: number };
  /** dimuon: E_ECAL < ecalMax and every HCAL module within [moduleMin, moduleMax], GeV. */
  dimuon: { enabled: boolean; ecalMax: number; moduleMin: number; moduleMax: number };
  /**
   * x17: |E_WCAL + E_ECAL - E0| < sumWindow * E0, E_ECAL > ecalMin, energy in the `v2` element
   * < v2Max, energy in the `s4` element within [s4Min, s4Max] (two MIPs), and an electron-like
   * ECAL shower: preshower fraction E_pre / E_ECAL within [preFractionMin, preFractionMax].
   */
  x17: {
    enabled: boolean;
    sumWindow: number;
    ecalMin: number;
    v2: string;
    v2Max: number;
    s4: string;
    s4Min: number;
    s4Max: number;
    preFractionMin: number;
    preFractionMax: number;
  };
  /** pileup: a calorimeter hit above minEnergy with |time| > timeNs. */
  pileup: { timeNs: number; minEnergy: number };
}

function isMuonBeam(setup: Setup): boolean {
  return /^mu[+-]?$/.test(setup.beam.particle);
}

/** Default reconstruction parameters for a setup. */
export function defaultRecoConfig(setup: Setup): RecoConfig {
  return {
    msadcThresholdSigma: 4,
    apvStripSigma: 3,
    apvSeedSigma: 5,
    strawResolution: 0.2,
    trackWindowSigma: 8,
    trackWindowMm: 0.5,
    trackMaxChi2Ndf: 20,
    trackMaxHitsPerPlane: 30,
    // Muons cross the calorimeters; electrons and hadrons end in them.
    splitAtCalorimeters: !isMuonBeam(setup),
    linkMaxMismatchMm: 10,
  };
}

/** Energy of a minimum-ionising particle crossing an element's whole stack, GeV. */
export function mipEnergy(element: SetupElement, layers?: [number, number]): number {
  let e = 0;
  let index = 0;
  for (const block of element.material) {
    let per = 0;
    for (const l of block.layers) per += l.thickness * material(l.material).dEdxMin;
    for (let r = 0; r < block.repeat; r++, index++) {
      if (!layers || (index >= layers[0] && index <= layers[1])) e += per;
    }
  }
  return e;
}

/** MIP energy of one HCAL module (the first HCAL section of the setup), GeV; 1.4 GeV without HCAL. */
function hcalModuleMip(setup: Setup): number {
  const h = setup.elements.find((e) => (e.detector ?? e.name.replace(/\d+$/, '')) === 'HCAL');
  const seg = h?.segmentation;
  if (!h || !seg || seg.type !== 'cells') return 1.4;
  return mipEnergy(h, seg.sections[0]!.layers);
}

function elementMip(setup: Setup, name: string, fallback: number): number {
  const e = setup.elements.find((x) => x.name === name);
  return e ? mipEnergy(e) : fallback;
}

/**
 * Default cuts for a setup, scaled with its beam energy E0 and its materials. The invisible
 * selection is enabled for setups whose ECAL is the target (no WCAL), the X17 selection for
 * setups with a WCAL, the dimuon selection always.
 * - srd_tagged: E_SRD in [10 MeV, 1 GeV] (an electron radiates ~0.1 GeV of synchrotron light in
 *   a 7 T m bend at 100 GeV, critical energy ~12 MeV, DESIGN 6; hadrons ~(m_e/m)^4 less);
 * - invisible: p_in within E0 +- 10%, E_ECAL < 0.5 E0 (50 GeV at 100 GeV), E_VETO < half a MIP
 *   of the VETO paddle, E_HCAL < 1 GeV;
 * - dimuon: E_ECAL < 0.6 E0, every HCAL module within [0.25, 4] x the module MIP energy
 *   (two muons give ~2 MIP; total-deposit scale);
 * - x17: E_WCAL + E_ECAL within E0 +- 10%, E_ECAL > 0.05 E0, V2 below half a MIP, S4 within
 *   [1.4, 3.2] MIP (two charged particles), ECAL preshower fraction in [0.005, 0.6];
 * - pileup: calorimeter hit above 1 GeV more than 25 ns from the trigger.
 */
export function defaultSelectionConfig(setup: Setup): SelectionConfig {
  const E0 = setup.beam.energy;
  const moduleMip = hcalModuleMip(setup);
  // Visible mode: the WCAL is the target; invisible mode: the ECAL is.
  const hasWcal = setup.elements.some((e) => (e.detector ?? e.name.replace(/\d+$/, '')) === 'WCAL');
  return {
    beamEnergy: E0,
    srd: { min: 0.01, max: 1.0 },
    invisible: {
      enabled: !hasWcal,
      pInMin: 0.9 * E0,
      pInMax: 1.1 * E0,
      requireMomentum: true,
      ecalMax: 0.5 * E0,
      vetoMax: 0.5 * elementMip(setup, 'VETO', 0.008),
      hcalMax: 1.0,
    },
    dimuon: { enabled: true, ecalMax: 0.6 * E0, moduleMin: 0.25 * moduleMip, moduleMax: 4 * moduleMip },
    x17: {
      enabled: hasWcal,
      sumWindow: 0.1,
      ecalMin: 0.05 * E0,
      v2: 'V2',
      v2Max: 0.5 * elementMip(setup, 'V2', 0.002),
      s4: 'S4',
      s4Min: 1.4 * elementMip(setup, 'S4', 0.001),
      s4Max: 3.2 * elementMip(setup, 'S4', 0.001),
      preFractionMin: 0.005,
      preFractionMax: 0.6,
    },
    pileup: { timeNs: 25, minEnergy: 1.0 },
  };
}

/** Field types of SelectionConfig, for checking JSON overrides without extra dependencies. */
const FIELDS: Record<string, Record<string, 'number' | 'boolean' | 'string'>> = {
  srd: { min: 'number', max: 'number' },
  invisible: { enabled: 'boolean', pInMin: 'number', pInMax: 'number', requireMomentum: 'boolean', ecalMax: 'number', vetoMax: 'number', hcalMax: 'number' },
  dimuon: { enabled: 'boolean', ecalMax: 'number', moduleMin: 'number', moduleMax: 'number' },
  x17: {
    enabled: 'boolean',
    sumWindow: 'number',
    ecalMin: 'number',
    v2: 'string',
    v2Max: 'number',
    s4: 'string',
    s4Min: 'number',
    s4Max: 'number',
    preFractionMin: 'number',
    preFractionMax: 'number',
  },
  pileup: { timeNs: 'number', minEnergy: 'number' },
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };
/** A partial selection config as written in a JSON file. */
export type SelectionOverride = DeepPartial<SelectionConfig>;

/** Error in a selection config document (message names the field). */
export class SelectionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionConfigError';
  }
}

/** Checks a parsed JSON value as a selection override; throws SelectionConfigError naming the field. */
export function parseSelectionOverride(value: unknown, source = 'selection config'): SelectionOverride {
  const fail = (path: string, message: string): never => {
    throw new SelectionConfigError(`${source}: ${path}: ${message}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) fail('(top level)', 'expected an object');
  const doc = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(doc)) {
    if (key === 'beamEnergy') {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(key, 'expected a finite number');
      continue;
    }
    const fields = FIELDS[key];
    if (!fields) fail(key, `unknown section; known: beamEnergy, ${Object.keys(FIELDS).join(', ')}`);
    if (!isObject(v)) fail(key, 'expected an object');
    for (const [field, fv] of Object.entries(v as Record<string, unknown>)) {
      const type = fields[field];
      if (!type) fail(`${key}.${field}`, `unknown field; known: ${Object.keys(fields).join(', ')}`);
      if (type === 'number' ? typeof fv !== 'number' || !Number.isFinite(fv) : typeof fv !== type) {
        fail(`${key}.${field}`, `expected ${type === 'number' ? 'a finite number' : `a ${type}`}`);
      }
    }
  }
  return doc as SelectionOverride;
}

/** The setup's default cuts with an override applied field by field. */
export function resolveSelectionConfig(setup: Setup, override?: SelectionOverride): SelectionConfig {
  const d = defaultSelectionConfig(setup);
  if (!override) return d;
  return {
    beamEnergy: override.beamEnergy ?? d.beamEnergy,
    srd: { ...d.srd, ...override.srd },
    invisible: { ...d.invisible, ...override.invisible },
    dimuon: { ...d.dimuon, ...override.dimuon },
    x17: { ...d.x17, ...override.x17 },
    pileup: { ...d.pileup, ...override.pileup },
  };
}

/** Parses the text of a JSON selection file and applies it over the setup's defaults. */
export function selectionConfigFromJson(setup: Setup, text: string, source = 'selection config'): SelectionConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SelectionConfigError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  return resolveSelectionConfig(setup, parseSelectionOverride(value, source));
}
