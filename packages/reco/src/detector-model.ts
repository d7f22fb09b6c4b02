/**
 * A setup turned into flat lookup tables for one run: per element its digitizer, calibration
 * arrays, cell centres and plane constants; tracker planes with their station groups; the
 * magnets between groups. Built once per (setup, run) and cached.
 */
import {
  calibrationForRun,
  cellCenter,
  detectorName,
  elementZRange,
  expandChannelMap,
  fieldIntegral,
  planeAngle,
  planePitch,
  planeZ,
  stripCoordinate,
  type Setup,
  type SetupElement,
} from '@na64/format';

export type DigitizerModel = 'msadc' | 'apv' | 'tdc' | 'none';

export interface PlaneModel {
  name: string;
  index: number;
  z: number;
  /** Angle of the measured direction, rad. */
  angle: number;
  /** 0 measures x, 1 measures y, -1 another direction (not used by the tracking). */
  axis: number;
  /** Measured coordinate of the centre of strip 0, mm. */
  u0: number;
  pitch: number;
  count: number;
  /** Single-hit resolution used in fits, mm. */
  resolution: number;
  /** APV: per strip pedestal and sigma; TDC: per tube time offset (ns). */
  pedestal: Float64Array;
  sigma: Float64Array;
  timeOffset: Float64Array;
  /** Index into SetupModel.trackPlanes, -1 for planes the tracking does not use. */
  trackPlane: number;
}

export interface ElementModel {
  index: number;
  name: string;
  family: string;
  element: SetupElement;
  digitizer: DigitizerModel;
  // msadc cells
  nx: number;
  ny: number;
  nSections: number;
  pmts: number;
  nCells: number;
  cellX: Float64Array;
  cellY: Float64Array;
  cellZ: Float64Array;
  /** Digit `channel` (index in the element's expanded channel map) -> readout index (cellId * pmts + pmt), -1 unmapped. */
  channelToReadout: Int32Array;
  pedEven: Float64Array;
  pedOdd: Float64Array;
  noise: Float64Array;
  gain: Float64Array;
  timeOffset: Float64Array;
  // apv / tdc
  planes: PlaneModel[];
  apvGain: number;
  apvTimeOffset: number;
  tdcBin: number;
  driftVelocity: number;
  /** First index of this element's sections in the HCAL module list, -1 if not an HCAL. */
  hcalModule0: number;
}

/** A tracker plane as seen by the tracking. */
export interface TrackPlane {
  element: number;
  plane: number;
  z: number;
  axis: number;
  resolution: number;
  group: number;
  straw: boolean;
}

/** Magnets between two consecutive station groups. */
export interface GroupLink {
  upstream: number;
  downstream: number;
  /** Sum of By * L of the magnets between the groups, T m. */
  fieldIntegral: number;
  /** Field-integral weighted centre of the magnets, mm. */
  zKick: number;
}

export interface SetupModel {
  setup: Setup;
  run: number;
  elements: ElementModel[];
  byName: Map<string, number>;
  trackPlanes: TrackPlane[];
  nGroups: number;
  /** Reference z of each group (its most upstream plane), mm. */
  groupZ: number[];
  links: GroupLink[];
  hcalModules: number;
}

export interface ModelOptions {
  /** Straw single-hit resolution, mm. */
  strawResolution: number;
  /** Split station groups at calorimeters and targets (they absorb the particles). */
  splitAtCalorimeters: boolean;
}

const EMPTY = new Float64Array(0);

function arr(values: number[] | undefined, n: number, fallback = 0): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values?.[i] ?? fallback;
  return out;
}

function elementModel(element: SetupElement, index: number, run: number, options: ModelOptions): ElementModel {
  const m: ElementModel = {
    index,
    name: element.name,
    family: detectorName(element),
    element,
    digitizer: 'none',
    nx: 0,
    ny: 0,
    nSections: 0,
    pmts: 1,
    nCells: 0,
    cellX: EMPTY,
    cellY: EMPTY,
    cellZ: EMPTY,
    channelToReadout: new Int32Array(0),
    pedEven: EMPTY,
    pedOdd: EMPTY,
    noise: EMPTY,
    gain: EMPTY,
    timeOffset: EMPTY,
    planes: [],
    apvGain: 0,
    apvTimeOffset: 0,
    tdcBin: 1,
    driftVelocity: 0,
    hcalModule0: -1,
  };
  const cal = calibrationForRun(element, run);
  const seg = element.segmentation;
  if (cal?.digitizer === 'msadc' && seg?.type === 'cells') {
    m.digitizer = 'msadc';
    m.nx = seg.nx;
    m.ny = seg.ny;
    m.nSections = seg.sections.length;
    m.pmts = seg.pmtsPerCell;
    m.nCells = seg.nx * seg.ny * seg.sections.length;
    m.cellX = new Float64Array(m.nCells);
    m.cellY = new Float64Array(m.nCells);
    m.cellZ = new Float64Array(m.nCells);
    for (let section = 0; section < m.nSections; section++)
      for (let iy = 0; iy < m.ny; iy++)
        for (let ix = 0; ix < m.nx; ix++) {
          const id = ix + m.nx * (iy + m.ny * section);
          const c = cellCenter(element, { ix, iy, section });
          m.cellX[id] = c.x;
          m.cellY[id] = c.y;
          m.cellZ[id] = c.z;
        }
    const mapped = expandChannelMap(element);
    m.channelToReadout = new Int32Array(mapped.length).fill(-1);
    mapped.forEach((c, i) => {
      const t = c.target;
      if (t.type === 'cell') m.channelToReadout[i] = (t.ix + m.nx * (t.iy + m.ny * t.section)) * m.pmts + t.pmt;
    });
    const nch = m.nCells * m.pmts;
    m.pedEven = arr(cal.pedestalEven, nch);
    m.pedOdd = arr(cal.pedestalOdd, nch);
    m.noise = arr(cal.noise, nch, 1);
    m.gain = arr(cal.gain, nch);
    m.timeOffset = arr(cal.timeOffset, nch);
  } else if ((cal?.digitizer === 'apv' || cal?.digitizer === 'tdc') && seg && seg.type !== 'cells') {
    m.digitizer = cal.digitizer;
    if (cal.digitizer === 'apv') {
      m.apvGain = cal.gain;
      m.apvTimeOffset = cal.timeOffset;
    } else {
      m.tdcBin = cal.tdcBin;
      m.driftVelocity = cal.driftVelocity;
    }
    seg.planes.forEach((p, pi) => {
      const angle = planeAngle(p);
      const axis = Math.abs(angle) < 1e-9 ? 0 : Math.abs(angle - Math.PI / 2) < 1e-9 ? 1 : -1;
      const pitch = planePitch(p);
      const pc = cal.digitizer === 'apv' ? cal.planes[p.name] : undefined;
      const tc = cal.digitizer === 'tdc' ? cal.planes[p.name] : undefined;
      m.planes.push({
        name: p.name,
        index: pi,
        z: planeZ(element, pi),
        angle,
        axis,
        u0: stripCoordinate(element, pi, 0),
        pitch,
        count: p.count,
        // Strip planes: pitch / sqrt(12) (binary resolution; clusters of several strips do better).
        resolution: cal.digitizer === 'apv' ? pitch / Math.sqrt(12) : options.strawResolution,
        pedestal: arr(pc?.pedestal, p.count),
        sigma: arr(pc?.sigma, p.count, 1),
        timeOffset: arr(tc?.timeOffset, p.count),
        trackPlane: -1,
      });
    });
  }
  return m;
}

function buildTracking(setup: Setup, elements: ElementModel[], options: ModelOptions): Pick<SetupModel, 'trackPlanes' | 'nGroups' | 'groupZ' | 'links'> {
  // Separators along z: magnets (with field) and, optionally, absorbing elements.
  const separators: { z: number; bl: number }[] = [];
  for (const e of setup.elements) {
    const bl = fieldIntegral(e);
    if (bl !== 0) separators.push({ z: e.position.z, bl });
    else if (options.splitAtCalorimeters && (e.kind === 'calorimeter' || e.kind === 'target')) separators.push({ z: elementZRange(e)[0], bl: 0 });
  }
  separators.sort((a, b) => a.z - b.z);
  const planes: (TrackPlane & { raw: number; model: PlaneModel })[] = [];
  for (const m of elements) {
    if (m.digitizer !== 'apv' && m.digitizer !== 'tdc') continue;
    for (const p of m.planes) {
      if (p.axis < 0) continue;
      const raw = separators.filter((s) => s.z < p.z).length;
      planes.push({ element: m.index, plane: p.index, z: p.z, axis: p.axis, resolution: p.resolution, group: -1, straw: m.digitizer === 'tdc', raw, model: p });
    }
  }
  planes.sort((a, b) => a.z - b.z);
  const rawGroups = [...new Set(planes.map((p) => p.raw))].sort((a, b) => a - b);
  const groupZ: number[] = [];
  for (const p of planes) {
    p.group = rawGroups.indexOf(p.raw);
    groupZ[p.group] ??= p.z;
  }
  const links: GroupLink[] = [];
  for (let g = 0; g + 1 < rawGroups.length; g++) {
    // Separators between raw group indices rawGroups[g] and rawGroups[g + 1].
    const between = separators.slice(rawGroups[g], rawGroups[g + 1]);
    if (between.some((s) => s.bl === 0)) continue; // an absorber in between: no momentum link
    const bl = between.reduce((s, x) => s + x.bl, 0);
    if (bl === 0) continue;
    const zKick = between.reduce((s, x) => s + x.bl * x.z, 0) / bl;
    links.push({ upstream: g, downstream: g + 1, fieldIntegral: bl, zKick });
  }
  const trackPlanes: TrackPlane[] = planes.map((p, i) => {
    p.model.trackPlane = i;
    return { element: p.element, plane: p.plane, z: p.z, axis: p.axis, resolution: p.resolution, group: p.group, straw: p.straw };
  });
  return { trackPlanes, nGroups: rawGroups.length, groupZ, links };
}

const cache = new WeakMap<Setup, Map<string, SetupModel>>();

/** The lookup tables of a setup for a run (cached per setup object, run and options). */
export function setupModel(setup: Setup, run: number, options: ModelOptions): SetupModel {
  let perSetup = cache.get(setup);
  if (!perSetup) cache.set(setup, (perSetup = new Map()));
  const key = `${run}:${options.strawResolution}:${options.splitAtCalorimeters}`;
  const hit = perSetup.get(key);
  if (hit) return hit;
  const elements = setup.elements.map((e, i) => elementModel(e, i, run, options));
  let hcalModules = 0;
  for (const m of elements) {
    if (m.family === 'HCAL' && m.digitizer === 'msadc') {
      m.hcalModule0 = hcalModules;
      hcalModules += m.nSections;
    }
  }
  const model: SetupModel = {
    setup,
    run,
    elements,
    byName: new Map(elements.map((m) => [m.name, m.index])),
    ...buildTracking(setup, elements, options),
    hcalModules,
  };
  perSetup.set(key, model);
  return model;
}
