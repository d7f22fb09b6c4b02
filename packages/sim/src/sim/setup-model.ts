/**
 * The simulator's view of a setup: per element the z range, box, material (effective parameters
 * for the physics models), depth sections in X0 / mm, the calibration of the run and the inverse
 * channel map (cell or strip -> source, port, chip channel). Built once per run, shared by every
 * event.
 */
import {
  calibrationForRun,
  elementZRange,
  expandChannelMap,
  fieldIntegral,
  material,
  materialTotals,
  samplingLayers,
  planeZ,
  getPlane,
  planePitch,
  planeAngle,
} from '@na64/format/raw';
import type {
  CellCalibrationTable,
  Material,
  MaterialName,
  Setup,
  SetupElement,
  StripCalibrationTable,
  TubeCalibrationTable,
} from '@na64/format/raw';
import type { MaterialParams } from '../physics/materials.ts';
import type { EmCalorimeterParams } from '../physics/em-shower.ts';
import { homogeneousCalorimeter, samplingCalorimeter, NA64_ECAL_RESOLUTION } from '../physics/em-shower.ts';
import type { HadronCalorimeterParams } from '../physics/hadron-shower.ts';
import { NA64_HCAL_RESOLUTION } from '../physics/hadron-shower.ts';

/** Physics-layer material parameters (MeV for Ec, MeV/cm for dE/dx) from a setup material. */
export function materialParams(name: MaterialName): MaterialParams {
  const m: Material = material(name);
  return {
    name,
    Z: m.Z,
    A: m.A,
    density: m.density,
    X0: m.X0,
    moliereRadius: m.moliereRadius,
    criticalEnergy: m.criticalEnergy * 1000,
    lambdaI: m.lambdaI,
    dEdxMin: m.dEdxMin * 1e4, // GeV/mm -> MeV/cm
    zOverA: m.ZoverA,
  };
}

/** Total thickness of each material in a range of sampling layers (for thick-absorber Landau). */
export interface MaterialSlab {
  params: MaterialParams;
  thickness: number;
}

export interface SectionModel {
  /** Global z of the section's front and back, mm. */
  z0: number;
  z1: number;
  /** Depth of the front/back from the element front in radiation lengths of the stack. */
  t0: number;
  t1: number;
  /** Same in interaction lengths. */
  l0: number;
  l1: number;
  /** Material per kind summed over the section. */
  slabs: MaterialSlab[];
}

export interface MsadcReadout {
  kind: 'msadc';
  nx: number;
  ny: number;
  pitchX: number;
  pitchY: number;
  pmtsPerCell: number;
  /** Readout index (cellId * pmts + pmt) -> source, port, chip channel. */
  source: Int32Array;
  port: Int32Array;
  channel: Int32Array;
  cal: CellCalibrationTable;
}

export interface PlaneModel {
  name: string;
  index: number;
  z: number;
  angle: number;
  cos: number;
  sin: number;
  pitch: number;
  count: number;
  /** Measured coordinate of strip 0's centre, mm. */
  u0: number;
  /** Strip -> source, port, chip channel. */
  source: Int32Array;
  port: Int32Array;
  channel: Int32Array;
}

export interface ApvReadout {
  kind: 'apv';
  multiplexer: number | undefined;
  planes: PlaneModel[];
  cal: StripCalibrationTable;
}

export interface TdcReadout {
  kind: 'tdc';
  planes: PlaneModel[];
  cal: TubeCalibrationTable;
}

export type ReadoutModel = MsadcReadout | ApvReadout | TdcReadout;

export interface ElementModel {
  index: number;
  name: string;
  kind: SetupElement['kind'];
  element: SetupElement;
  z0: number;
  z1: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Total thickness in X0 and lambda_I; mm of material (0 for magnets/vacuum). */
  X0: number;
  lambdaI: number;
  thickness: number;
  /** Effective radiation length of the stack, mm (Infinity without material). */
  x0Mm: number;
  /** Effective interaction length, mm. */
  lambdaMm: number;
  /** Field integral By L, T m (0 without field); field region z range. */
  fieldTm: number;
  By: number;
  fz0: number;
  fz1: number;
  /** Depth sections (cell segmentation), or one section spanning the stack. */
  sections: SectionModel[];
  /** Materials of the whole stack with their summed thickness. */
  slabs: MaterialSlab[];
  /** GFlash parameters (elements with material). */
  em: EmCalorimeterParams | undefined;
  /** Hadron shower parameters. */
  had: HadronCalorimeterParams | undefined;
  /** The densest (highest-Z) passive material: target for A' emission and dimuon conversion. */
  target: MaterialParams | undefined;
  /** Thickness of the target material in its own X0. */
  targetX0: number;
  readout: ReadoutModel | undefined;
}

export interface SimSetup {
  setup: Setup;
  run: number;
  elements: ElementModel[];
  byName: Map<string, ElementModel>;
  zStart: number;
  zEnd: number;
}

const ACTIVE = new Set(['scintillator', 'gas', 'BGO']);

function slabsOf(element: SetupElement, firstLayer: number, lastLayer: number): MaterialSlab[] {
  const totals = new Map<MaterialName, number>();
  let layer = 0;
  for (const block of element.material) {
    for (let r = 0; r < block.repeat; r++, layer++) {
      if (layer < firstLayer || layer > lastLayer) continue;
      for (const l of block.layers) totals.set(l.material, (totals.get(l.material) ?? 0) + l.thickness);
    }
  }
  const out: MaterialSlab[] = [];
  for (const [name, thickness] of totals) if (name !== 'vacuum') out.push({ params: materialParams(name), thickness });
  return out;
}

/** EM parameters of a stack: sampling (passive + active of the first block) or homogeneous. */
function emParams(element: SetupElement, resolution: EmCalorimeterParams['resolution']): EmCalorimeterParams | undefined {
  const block = element.material[0];
  if (!block) return undefined;
  const passive = block.layers.filter((l) => !ACTIVE.has(l.material) && l.material !== 'vacuum' && l.material !== 'air');
  const active = block.layers.filter((l) => ACTIVE.has(l.material));
  if (passive.length >= 1 && active.length >= 1) {
    const p = materialParams(passive[0].material);
    const a = materialParams(active[0].material);
    const dp = passive.reduce((s, l) => s + l.thickness, 0);
    const da = active.reduce((s, l) => s + l.thickness, 0);
    return samplingCalorimeter(p, a, dp, da, resolution);
  }
  const only = block.layers[0];
  if (!only || only.material === 'vacuum') return undefined;
  const m = materialParams(only.material);
  if (!Number.isFinite(m.X0)) return undefined;
  return homogeneousCalorimeter(m, resolution);
}

function cellReadout(element: SetupElement, run: number): MsadcReadout {
  const seg = element.segmentation;
  if (!seg || seg.type !== 'cells') throw new Error(`element "${element.name}": msadc readout needs cells`);
  const n = seg.nx * seg.ny * seg.sections.length * seg.pmtsPerCell;
  const source = new Int32Array(n).fill(-1);
  const port = new Int32Array(n).fill(-1);
  const channel = new Int32Array(n).fill(-1);
  for (const c of expandChannelMap(element)) {
    if (c.target.type !== 'cell') continue;
    const t = c.target;
    const idx = (t.ix + seg.nx * (t.iy + seg.ny * t.section)) * seg.pmtsPerCell + t.pmt;
    source[idx] = c.source;
    port[idx] = c.port;
    channel[idx] = c.channel;
  }
  return {
    kind: 'msadc',
    nx: seg.nx,
    ny: seg.ny,
    pitchX: seg.pitchX,
    pitchY: seg.pitchY,
    pmtsPerCell: seg.pmtsPerCell,
    source,
    port,
    channel,
    cal: calibrationForRun(element, run) as CellCalibrationTable,
  };
}

function planeModels(element: SetupElement): PlaneModel[] {
  const seg = element.segmentation;
  if (!seg || seg.type === 'cells') throw new Error(`element "${element.name}": needs strip or tube planes`);
  const map = expandChannelMap(element);
  return (seg.planes as { name: string; count: number }[]).map((p, index) => {
    const plane = getPlane(element, p.name);
    const angle = planeAngle(plane);
    const pitch = planePitch(plane);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const origin = element.position.x * cos + element.position.y * sin + plane.offset;
    const source = new Int32Array(p.count).fill(-1);
    const port = new Int32Array(p.count).fill(-1);
    const channel = new Int32Array(p.count).fill(-1);
    for (const c of map) {
      if (c.target.type !== 'strip' || c.target.plane !== p.name) continue;
      source[c.target.strip] = c.source;
      port[c.target.strip] = c.port;
      channel[c.target.strip] = c.channel;
    }
    return {
      name: p.name,
      index,
      z: planeZ(element, p.name),
      angle,
      cos,
      sin,
      pitch,
      count: p.count,
      u0: origin + (0.5 - p.count / 2) * pitch,
      source,
      port,
      channel,
    };
  });
}

/** Builds the simulator's model of a validated setup for one run. */
export function buildSimSetup(setup: Setup, run: number): SimSetup {
  const elements: ElementModel[] = setup.elements.map((element, index) => {
    const [z0, z1] = elementZRange(element);
    const layers = samplingLayers(element);
    const { X0, lambdaI, thickness } = materialTotals(element);
    const slabs = slabsOf(element, 0, layers.length - 1);
    const sections: SectionModel[] = [];
    const seg = element.segmentation;
    const sectionRanges: [number, number][] =
      seg && seg.type === 'cells' ? seg.sections.map((s) => s.layers) : layers.length ? [[0, layers.length - 1]] : [];
    for (const [a, b] of sectionRanges) {
      let t0 = 0;
      let l0 = 0;
      for (let i = 0; i < a; i++) {
        t0 += layers[i].x0;
        l0 += layers[i].lambda;
      }
      let t1 = t0;
      let l1 = l0;
      for (let i = a; i <= b; i++) {
        t1 += layers[i].x0;
        l1 += layers[i].lambda;
      }
      const first = layers[a];
      const last = layers[b];
      sections.push({
        z0: z0 + (first?.zFront ?? 0),
        z1: z0 + (last ? last.zFront + last.thickness : element.size.z),
        t0,
        t1,
        l0,
        l1,
        slabs: slabsOf(element, a, b),
      });
    }
    const isCalo = element.kind === 'calorimeter' || element.kind === 'srd';
    const em = X0 > 0 ? emParams(element, isCalo ? NA64_ECAL_RESOLUTION : undefined) : undefined;
    const x0Mm = X0 > 0 ? thickness / X0 : Infinity;
    const lambdaMm = lambdaI > 0 ? thickness / lambdaI : Infinity;
    const had: HadronCalorimeterParams | undefined =
      X0 > 0 ? { X0: x0Mm, lambdaI: lambdaMm, resolution: isCalo ? NA64_HCAL_RESOLUTION : { stochastic: 0, constant: 0 } } : undefined;
    // Target material for rare processes: the highest-Z material of the stack.
    let target: MaterialParams | undefined;
    let targetThickness = 0;
    for (const s of slabs) {
      if (!Number.isFinite(s.params.X0)) continue;
      if (!target || s.params.Z > target.Z) {
        target = s.params;
        targetThickness = s.thickness;
      }
    }
    let readout: ReadoutModel | undefined;
    const r = element.readout;
    if (r?.digitizer === 'msadc') readout = cellReadout(element, run);
    else if (r?.digitizer === 'apv') {
      readout = { kind: 'apv', multiplexer: r.multiplexer, planes: planeModels(element), cal: calibrationForRun(element, run) as StripCalibrationTable };
    } else if (r?.digitizer === 'tdc') {
      readout = { kind: 'tdc', planes: planeModels(element), cal: calibrationForRun(element, run) as TubeCalibrationTable };
    }
    const fieldTm = fieldIntegral(element);
    const flen = element.field?.length ?? 0;
    return {
      index,
      name: element.name,
      kind: element.kind,
      element,
      z0,
      z1,
      xMin: element.position.x - element.size.x / 2,
      xMax: element.position.x + element.size.x / 2,
      yMin: element.position.y - element.size.y / 2,
      yMax: element.position.y + element.size.y / 2,
      X0,
      lambdaI,
      thickness,
      x0Mm,
      lambdaMm,
      fieldTm,
      By: element.field?.By ?? 0,
      fz0: element.position.z - flen / 2,
      fz1: element.position.z + flen / 2,
      sections,
      slabs,
      em,
      had,
      target,
      targetX0: target ? targetThickness / target.X0 : 0,
      readout,
    };
  });
  return {
    setup,
    run,
    elements,
    byName: new Map(elements.map((e) => [e.name, e])),
    zStart: Math.min(...elements.map((e) => e.z0)),
    zEnd: Math.max(...elements.map((e) => e.z1)),
  };
}

/** First element of a kind / name predicate, or undefined. */
export function findElement(model: SimSetup, test: (e: ElementModel) => boolean): ElementModel | undefined {
  return model.elements.find(test);
}
