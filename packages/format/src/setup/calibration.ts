/**
 * Calibrations per element, resolved for one run: a number in the setup applies to every
 * channel, a list gives one value per channel; overrides replace fields for a run range.
 */
import type { SetupElement, Setup } from './schema.ts';

type NumberOrList = number | number[];

export interface CellCalibrationTable {
  digitizer: 'msadc';
  /** One value per readout index (cellId * pmtsPerCell + pmt). */
  pedestalEven: number[];
  pedestalOdd: number[];
  noise: number[];
  gain: number[];
  timeOffset: number[];
}

export interface StripCalibrationTable {
  digitizer: 'apv';
  /** Per plane, one pedestal and sigma per strip. */
  planes: Record<string, { pedestal: number[]; sigma: number[] }>;
  gain: number;
  timeOffset: number;
}

export interface TubeCalibrationTable {
  digitizer: 'tdc';
  tdcBin: number;
  driftVelocity: number;
  /** Per plane, one time offset per tube. */
  planes: Record<string, { timeOffset: number[] }>;
}

export type CalibrationTable = CellCalibrationTable | StripCalibrationTable | TubeCalibrationTable;

function expand(value: NumberOrList, n: number): number[] {
  return typeof value === 'number' ? new Array<number>(n).fill(value) : value.slice();
}

function cellChannels(element: SetupElement): number {
  const seg = element.segmentation;
  return seg && seg.type === 'cells' ? seg.nx * seg.ny * seg.sections.length * seg.pmtsPerCell : 0;
}

function planeCounts(element: SetupElement): Map<string, number> {
  const seg = element.segmentation;
  const out = new Map<string, number>();
  if (seg && seg.type !== 'cells') for (const p of seg.planes as { name: string; count: number }[]) out.set(p.name, p.count);
  return out;
}

function overrideFor<T extends { runs: [number, number] }>(overrides: T[], run: number | undefined): T | undefined {
  if (run === undefined) return undefined;
  return overrides.find((o) => run >= o.runs[0] && run <= o.runs[1]);
}

/**
 * The calibration of an element for a run (the setup's default when `run` is undefined or no
 * override covers it), as full per-channel lists. Undefined for an element without readout.
 */
export function calibrationForRun(element: SetupElement, run?: number): CalibrationTable | undefined {
  const r = element.readout;
  if (!r) return undefined;
  if (r.digitizer === 'msadc') {
    const c = { ...r.calibration, ...(overrideFor(r.overrides, run)?.calibration ?? {}) };
    const n = cellChannels(element);
    return {
      digitizer: 'msadc',
      pedestalEven: expand(c.pedestalEven, n),
      pedestalOdd: expand(c.pedestalOdd, n),
      noise: expand(c.noise, n),
      gain: expand(c.gain, n),
      timeOffset: expand(c.timeOffset, n),
    };
  }
  const counts = planeCounts(element);
  if (r.digitizer === 'apv') {
    const o = overrideFor(r.overrides, run)?.calibration ?? {};
    const c = { ...r.calibration, ...o, planes: { ...r.calibration.planes, ...(o.planes ?? {}) } };
    const planes: StripCalibrationTable['planes'] = {};
    for (const [name, n] of counts) {
      const p = c.planes[name];
      if (p) planes[name] = { pedestal: expand(p.pedestal, n), sigma: expand(p.sigma, n) };
    }
    return { digitizer: 'apv', planes, gain: c.gain, timeOffset: c.timeOffset };
  }
  const o = overrideFor(r.overrides, run)?.calibration ?? {};
  const c = { ...r.calibration, ...o, planes: { ...r.calibration.planes, ...(o.planes ?? {}) } };
  const planes: TubeCalibrationTable['planes'] = {};
  for (const [name, n] of counts) {
    const p = c.planes[name];
    if (p) planes[name] = { timeOffset: expand(p.timeOffset, n) };
  }
  return { digitizer: 'tdc', tdcBin: c.tdcBin, driftVelocity: c.driftVelocity, planes };
}

function checkList(problems: string[], where: string, field: string, value: NumberOrList | undefined, n: number): void {
  if (Array.isArray(value) && value.length !== n) {
    problems.push(`${where}: ${field} has ${value.length} values, expected ${n} (one per channel) or a single number`);
  }
}

/** Checks list lengths, plane names and override run ranges of every calibration. */
export function checkCalibrations(setup: Setup): string[] {
  const problems: string[] = [];
  for (const element of setup.elements) {
    const r = element.readout;
    if (!r) continue;
    const where = `element "${element.name}"`;
    const counts = planeCounts(element);
    const checkOne = (prefix: string, cal: Record<string, unknown>, partial: boolean): void => {
      if (r.digitizer === 'msadc') {
        const n = cellChannels(element);
        for (const f of ['pedestalEven', 'pedestalOdd', 'noise', 'gain', 'timeOffset'] as const) {
          checkList(problems, where, `${prefix}.${f}`, cal[f] as NumberOrList | undefined, n);
        }
        return;
      }
      const planes = cal.planes as Record<string, Record<string, NumberOrList>> | undefined;
      if (!planes) return;
      for (const [name, table] of Object.entries(planes)) {
        const n = counts.get(name);
        if (n === undefined) {
          problems.push(`${where}: ${prefix}.planes has "${name}", but the element has no plane of that name`);
          continue;
        }
        for (const [f, v] of Object.entries(table)) checkList(problems, where, `${prefix}.planes.${name}.${f}`, v, n);
      }
      if (!partial) {
        for (const name of counts.keys()) {
          if (!planes[name]) problems.push(`${where}: ${prefix}.planes lacks plane "${name}"`);
        }
      }
    };
    checkOne('readout.calibration', r.calibration as Record<string, unknown>, false);
    const ranges: [number, number][] = [];
    r.overrides.forEach((o, i) => {
      const [a, b] = o.runs;
      if (a > b) problems.push(`${where}: readout.overrides.${i}.runs ${a}..${b} is reversed`);
      if (a < setup.runs[0] || b > setup.runs[1]) {
        problems.push(`${where}: readout.overrides.${i}.runs ${a}..${b} outside the setup's runs ${setup.runs[0]}..${setup.runs[1]}`);
      }
      for (const [c, d] of ranges) {
        if (a <= d && c <= b) problems.push(`${where}: readout.overrides.${i}.runs ${a}..${b} overlaps another override (${c}..${d})`);
      }
      ranges.push([a, b]);
      checkOne(`readout.overrides.${i}.calibration`, o.calibration as Record<string, unknown>, true);
    });
  }
  return problems;
}
