/**
 * A simulated run: options, spill structure, per-event simulation into encoded raw events plus
 * truth rows, and the control events (SOR, SOB, EOB with scalers, EOR).
 *
 * Numbering: event i (0-based) of the run is event i + 1 in run, spill floor(i / k) + 1 and event
 * (i mod k) + 1 in its spill, k = events per spill. Every simulated primary is one PHYSICS event
 * (trigger mask bit 1), so the EOB scaler `eot` of a spill counts the primaries of that spill
 * (with biased rare processes the EOT is the number of simulated primaries; weights carry the
 * bias). Event i uses the generator streamRng(seed, i) and nothing else, so the output does not
 * depend on how the run is split into jobs.
 */
import { RAW_EVENT_TYPE, SCALER_SOURCE_ID, rawEventHeader, scalerPayload, slinkHeader } from '@na64/format/raw';
import type { RawEvent, RawEventType, Setup } from '@na64/format/raw';
import { createRng } from '../random/rng.ts';
import type { Rng } from '../random/rng.ts';
import { ELECTRON_MASS } from '../physics/constants.ts';
import { buildSimSetup } from './setup-model.ts';
import type { ElementModel, SimSetup } from './setup-model.ts';
import { Transport, EVENT_FLAGS } from './transport.ts';
import type { ProcessConfig } from './transport.ts';
import { DarkPhotonProcess, DimuonProcess } from './processes.ts';
import { RawEventBuilder, EQUIPMENT_TYPE } from '../digitize/raw-builder.ts';
import type { PhysicsEventKey } from '../digitize/raw-builder.ts';
import type { MsadcOptions } from '../digitize/msadc.ts';
import { TruthColumns } from './truth.ts';

export const PROCESS_NAMES = ['electron', 'a-prime', 'x17', 'dimuon', 'hadron', 'mixed'] as const;
export type ProcessName = (typeof PROCESS_NAMES)[number];

/**
 * What the truth keeps. `all`: every particle followed, including the synchrotron photons that
 * reach the SRD (~37 rows per 100 GeV electron). `slim`: the same without the synchrotron photons
 * (their light still reaches the SRD signals); at least the primary per event, so the event
 * weights survive. `none`: no truth rows (allowed only for unweighted samples).
 */
export const TRUTH_LEVELS = ['all', 'slim', 'none'] as const;
export type TruthLevel = (typeof TRUTH_LEVELS)[number];

/** Synthetic start of run time: 2018-01-01T00:00:00Z plus one hour per run number. */
export const SIM_EPOCH_S = 1514764800;
/** SPS supercycle used to space spills, s (approx.). */
export const SPILL_CYCLE_S = 16.8;
/** Fraction of events with a rare process in `mixed` runs (each of A'/X17 and dimuon). */
export const MIXED_FRACTION = 0.05;

export interface SimulationOptions {
  setup: Setup;
  run: number;
  events: number;
  seed: number | bigint;
  process?: ProcessName;
  /** A' / X17 mass, GeV (default 0.0167). */
  mass?: number;
  /** Kinetic mixing (default 1e-4). */
  epsilon?: number;
  /** Bias factor of the rare process (default: forced in every event, bias = 1 / yield). */
  bias?: number;
  eventsPerSpill?: number;
  /** Lateral GFlash spots per EM shower (default 96). */
  spotsPerShower?: number;
  msadc?: MsadcOptions;
  /** Truth rows kept (default 'all'). */
  truth?: TruthLevel;
}

/** Resolved options (defaults filled, numbers checked). */
export interface ResolvedOptions {
  run: number;
  events: number;
  seed: bigint;
  process: ProcessName;
  mass: number;
  epsilon: number;
  bias: number | undefined;
  eventsPerSpill: number;
  spotsPerShower: number;
  msadc: MsadcOptions;
  truth: TruthLevel;
}

export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}

export function resolveOptions(o: SimulationOptions): ResolvedOptions {
  const check = (name: string, v: number, ok: boolean): void => {
    if (!ok || !Number.isFinite(v)) throw new SimulationError(`${name} must be ${name === 'mass' ? 'a positive mass' : 'valid'}, got ${v}`);
  };
  const process = o.process ?? 'electron';
  if (!PROCESS_NAMES.includes(process)) throw new SimulationError(`unknown process "${process}"; known: ${PROCESS_NAMES.join(', ')}`);
  const mass = o.mass ?? 0.0167;
  const epsilon = o.epsilon ?? 1e-4;
  const eventsPerSpill = o.eventsPerSpill ?? 1000;
  if (!Number.isInteger(o.events) || o.events < 0) throw new SimulationError(`events must be a whole number >= 0, got ${o.events}`);
  if (!Number.isInteger(o.run) || o.run < 0 || o.run > 0xffffffff) throw new SimulationError(`run must be a whole number >= 0, got ${o.run}`);
  if (!Number.isInteger(eventsPerSpill) || eventsPerSpill < 1 || eventsPerSpill > 0xfffff) {
    throw new SimulationError(`events per spill must be a whole number in 1..1048575, got ${eventsPerSpill}`);
  }
  if (Math.ceil(o.events / eventsPerSpill) > 4095) {
    throw new SimulationError(`${o.events} events at ${eventsPerSpill} per spill need more than 4095 spills (12-bit spill field); raise --events-per-spill`);
  }
  check('mass', mass, mass > 2 * ELECTRON_MASS && mass < o.setup.beam.energy);
  check('epsilon', epsilon, epsilon > 0 && epsilon < 1);
  if (o.bias !== undefined) check('bias', o.bias, o.bias >= 1);
  if (o.bias !== undefined && process === 'mixed') throw new SimulationError('--bias applies to a single rare process; mixed runs choose their own biases');
  let seed: bigint;
  try {
    seed = BigInt(o.seed);
  } catch {
    throw new SimulationError(`seed must be an integer, got ${String(o.seed)}`);
  }
  if (seed < 0n) throw new SimulationError(`seed must be >= 0, got ${seed}`);
  const truth = o.truth ?? 'all';
  if (!TRUTH_LEVELS.includes(truth)) throw new SimulationError(`unknown truth level "${truth}"; known: ${TRUTH_LEVELS.join(', ')}`);
  return {
    run: o.run,
    events: o.events,
    seed,
    process,
    mass,
    epsilon,
    bias: o.bias,
    eventsPerSpill,
    spotsPerShower: o.spotsPerShower ?? 96,
    msadc: o.msadc ?? {},
    truth,
  };
}

/** Rare-process summary of a run (for the CLI and the truth of expectations). */
export interface RunPhysics {
  process: ProcessName;
  /** A' / X17 yield per EOT (all energies) and with E_A' > E0/2, when enabled. */
  aPrimeYield?: number;
  aPrimeYieldAboveHalf?: number;
  aPrimeBias?: number;
  aPrimeTarget?: string;
  visible?: boolean;
  dimuonYield?: number;
  dimuonBias?: number;
  dimuonTarget?: string;
}

function targetFor(model: SimSetup, names: string[]): ElementModel | undefined {
  for (const n of names) {
    const e = model.byName.get(n);
    if (e && e.target && e.X0 > 1) return e;
  }
  return model.elements.find((e) => e.kind === 'calorimeter' && e.target && e.X0 > 1);
}

/** Builds the process configuration (yields, biases) of a run. */
export function configureProcesses(model: SimSetup, o: ResolvedOptions): { config: ProcessConfig; physics: RunPhysics } {
  const E0 = model.setup.beam.energy;
  const config: ProcessConfig = { beam: o.process === 'hadron' ? 'hadron' : 'beam', spotsPerShower: o.spotsPerShower, synchrotronTruth: o.truth === 'all' };
  const physics: RunPhysics = { process: o.process };
  const electronBeam = model.setup.beam.particle === 'e-' || model.setup.beam.particle === 'e+';
  const wantsAPrime = o.process === 'a-prime' || o.process === 'x17' || o.process === 'mixed';
  const wantsDimuon = o.process === 'dimuon' || o.process === 'mixed';
  if ((wantsAPrime || wantsDimuon) && !electronBeam) {
    throw new SimulationError(`process "${o.process}" needs an electron beam; setup "${model.setup.id}" has ${model.setup.beam.particle}`);
  }
  if (wantsAPrime) {
    // X17 and visible mode: the WCAL when the setup has one; invisible A': the ECAL.
    const visibleSetup = model.byName.has('WCAL');
    const el = o.process === 'a-prime' && !visibleSetup ? targetFor(model, ['ECAL']) : targetFor(model, ['WCAL', 'ECAL']);
    if (!el) throw new SimulationError(`setup "${model.setup.id}" has no calorimeter to act as the A' target`);
    const visible = o.process === 'x17' || el.name === 'WCAL';
    const process = new DarkPhotonProcess({ mass: o.mass, epsilon: o.epsilon, E0, target: el.target!, thicknessX0: el.targetX0 });
    const y = process.yieldPerEot;
    if (!(y > 0)) throw new SimulationError(`A' yield is zero for m = ${o.mass} GeV at ${E0} GeV`);
    const bias = o.process === 'mixed' ? MIXED_FRACTION / y : o.bias ?? 1 / y;
    if (bias * y > 1 + 1e-9) throw new SimulationError(`bias ${bias} x yield ${y.toExponential(3)} per EOT exceeds 1; use --bias <= ${(1 / y).toExponential(3)}`);
    config.darkPhoton = { process, element: el.index, visible, bias };
    Object.assign(physics, { aPrimeYield: y, aPrimeYieldAboveHalf: process.yieldAboveHalf, aPrimeBias: bias, aPrimeTarget: el.name, visible });
  }
  if (wantsDimuon) {
    // The first calorimeter the beam meets: the ECAL (invisible mode) or the WCAL (visible mode).
    const el = targetFor(model, ['WCAL', 'ECAL']);
    if (!el) throw new SimulationError(`setup "${model.setup.id}" has no calorimeter for the dimuon reference process`);
    const process = new DimuonProcess(E0, el.target!, el.targetX0);
    const y = process.yieldPerEot;
    const bias = o.process === 'mixed' ? MIXED_FRACTION / y : o.bias ?? 1 / y;
    if (bias * y > 1 + 1e-9) throw new SimulationError(`bias ${bias} x yield ${y.toExponential(3)} per EOT exceeds 1; use --bias <= ${(1 / y).toExponential(3)}`);
    config.dimuon = { process, element: el.index, bias };
    Object.assign(physics, { dimuonYield: y, dimuonBias: bias, dimuonTarget: el.name });
  }
  return { config, physics };
}

export interface EventPosition {
  spill: number;
  eventInSpill: number;
  eventInRun: number;
}

export function eventPosition(index: number, eventsPerSpill: number): EventPosition {
  return { spill: Math.floor(index / eventsPerSpill) + 1, eventInSpill: (index % eventsPerSpill) + 1, eventInRun: index + 1 };
}

/** Encoded events of a contiguous range, with their truth. */
export interface SimulatedBlock {
  first: number;
  count: number;
  /** The encoded PHYSICS events back to back. */
  bytes: Uint8Array;
  /** Byte offset of each event in `bytes`, length count + 1. */
  offsets: Uint32Array;
  truth: TruthColumns;
  /** Per event: weight and flags (EVENT_FLAGS). */
  weights: Float64Array;
  flags: Uint8Array;
}

/** Simulates events of one run; cheap to construct once per worker. */
export class RunSimulator {
  readonly options: ResolvedOptions;
  readonly model: SimSetup;
  readonly physics: RunPhysics;
  readonly transport: Transport;
  readonly builder: RawEventBuilder;
  readonly spills: number;
  private readonly root: Rng;
  /** Truth rows per event of the last block (capacity hint only). */
  private truthRowsPerEvent = 8;
  /** Encoded bytes per event of the last block (capacity hint only). */
  private bytesPerEvent = 2048;
  private readonly spare: { bytes: Uint8Array; truth: TruthColumns }[] = [];

  constructor(options: SimulationOptions) {
    this.options = resolveOptions(options);
    this.model = buildSimSetup(options.setup, this.options.run);
    const { config, physics } = configureProcesses(this.model, this.options);
    this.physics = physics;
    if (this.options.truth === 'none' && (config.darkPhoton || config.dimuon)) {
      throw new SimulationError(`the ${this.options.process} sample is weighted (bias factor) and its event weights live in the truth: use truth "slim" instead of "none"`);
    }
    this.transport = new Transport(this.model, config);
    this.builder = new RawEventBuilder(this.model, { msadc: this.options.msadc });
    this.spills = Math.ceil(this.options.events / this.options.eventsPerSpill);
    this.root = createRng(this.options.seed);
  }

  get setupId(): string {
    return this.model.setup.id;
  }

  /** Number of events in a spill (1-based). */
  eventsInSpill(spill: number): number {
    const k = this.options.eventsPerSpill;
    return Math.max(0, Math.min(k, this.options.events - (spill - 1) * k));
  }

  spillStartTime(spill: number): number {
    return SIM_EPOCH_S + this.options.run * 3600 + Math.floor((spill - 1) * SPILL_CYCLE_S);
  }

  eventTime(pos: EventPosition): number {
    const k = this.options.eventsPerSpill;
    return this.spillStartTime(pos.spill) + Math.floor((this.model.setup.beam.spillLength * (pos.eventInSpill - 0.5)) / k);
  }

  /** Simulates event `index` and returns its raw event as the codec's typed model (for tests). */
  simulateEvent(index: number, truth?: TruthColumns): { event: RawEvent; weight: number; flags: number } {
    const o = this.options;
    const rng = this.root.fork(index); // = streamRng(seed, index)
    const summary = this.transport.simulate(rng);
    const pos = eventPosition(index, o.eventsPerSpill);
    const event = this.builder.build(this.transport.signals, this.eventKey(pos), rng);
    if (o.truth !== 'none') truth?.append(o.run, pos.spill, pos.eventInSpill, this.transport.truth, summary.weight);
    return { event, weight: summary.weight, flags: summary.flags };
  }

  private eventKey(pos: EventPosition): PhysicsEventKey {
    return { run: this.options.run, spill: pos.spill, eventInSpill: pos.eventInSpill, eventInRun: pos.eventInRun, time: this.eventTime(pos) };
  }

  /** Simulates and encodes events [first, first + count). */
  simulateBlock(first: number, count: number): SimulatedBlock {
    // Events are written as words straight into the block buffer (the same bytes as encoding
    // simulateEvent's typed event). Buffers of a recycled block are reused: touching fresh memory
    // costs page faults, a few microseconds per event for the block's bytes and truth columns.
    const o = this.options;
    const builder = this.builder;
    const spare = this.spare.pop();
    const wanted = Math.ceil((count * this.bytesPerEvent * 1.1) / 4);
    let words = spare && spare.bytes.buffer.byteLength >= 4 * wanted ? new Uint32Array(spare.bytes.buffer) : new Uint32Array(Math.max(1 << 14, wanted));
    const offsets = new Uint32Array(count + 1);
    const truth = spare ? spare.truth : new TruthColumns(Math.ceil(count * this.truthRowsPerEvent * 1.25) + 64);
    truth.clear();
    const weights = new Float64Array(count);
    const flags = new Uint8Array(count);
    const keepTruth = o.truth !== 'none';
    let at = 0;
    for (let j = 0; j < count; j++) {
      const index = first + j;
      const rng = this.root.fork(index); // = streamRng(seed, index)
      const summary = this.transport.simulate(rng);
      const pos = eventPosition(index, o.eventsPerSpill);
      builder.digitize(this.transport.signals, pos.eventInSpill, rng);
      const need = builder.wordBound();
      if (at + need > words.length) {
        const bigger = new Uint32Array(2 * (at + need));
        bigger.set(words.subarray(0, at));
        words = bigger;
      }
      at += builder.writeEvent(this.eventKey(pos), words, at);
      if (keepTruth) truth.append(o.run, pos.spill, pos.eventInSpill, this.transport.truth, summary.weight);
      offsets[j + 1] = 4 * at;
      weights[j] = summary.weight;
      flags[j] = summary.flags;
    }
    if (count > 0) {
      this.truthRowsPerEvent = truth.length / count;
      this.bytesPerEvent = (4 * at) / count;
    }
    return { first, count, bytes: new Uint8Array(words.buffer, 0, 4 * at), offsets, truth, weights, flags };
  }

  /**
   * Hands back a block whose bytes and truth are no longer used (copied out), for the next
   * simulateBlock to reuse.
   */
  recycle(block: Pick<SimulatedBlock, 'bytes' | 'truth'>): void {
    if (this.spare.length < 2) this.spare.push({ bytes: block.bytes, truth: block.truth });
  }

  private controlEvent(type: number, spill: number, eventInSpill: number, eventInRun: number, time: number, equipments: RawEvent['equipments'] = []): RawEvent {
    return {
      byteOrder: 'little',
      header: rawEventHeader({ type: type as RawEventType, run: this.options.run, spill, eventInSpill, eventInRun, time }),
      equipments,
    };
  }

  sor(): RawEvent {
    return this.controlEvent(RAW_EVENT_TYPE.SOR, 0, 0, 0, this.spillStartTime(1));
  }

  sob(spill: number): RawEvent {
    const before = (spill - 1) * this.options.eventsPerSpill;
    return this.controlEvent(RAW_EVENT_TYPE.SOB, spill, 0, before, this.spillStartTime(spill));
  }

  /** EOB with the scaler block: every simulated primary is a beam particle on target and a trigger. */
  eob(spill: number): RawEvent {
    const n = this.eventsInSpill(spill);
    const before = (spill - 1) * this.options.eventsPerSpill;
    const spillLength = this.model.setup.beam.spillLength;
    const scalers = scalerPayload({
      eot: n,
      s0: n,
      s1: n,
      s2: n,
      triggers: n,
      triggers_accepted: n,
      spill_length_us: Math.round(spillLength * 1e6),
      busy_us: 0,
    });
    return this.controlEvent(RAW_EVENT_TYPE.EOB, spill, n, before + n, this.spillStartTime(spill) + Math.ceil(spillLength), [
      {
        equipmentId: SCALER_SOURCE_ID,
        type: EQUIPMENT_TYPE.scaler,
        attributes: [0, 0, 0],
        basicElementSize: 4,
        slink: slinkHeader({ sourceId: SCALER_SOURCE_ID, eventType: RAW_EVENT_TYPE.EOB, eventNumber: n, spill: spill & 0x7ff }),
        payload: scalers,
      },
    ]);
  }

  eor(): RawEvent {
    const last = Math.max(1, this.spills);
    return this.controlEvent(RAW_EVENT_TYPE.EOR, this.spills, 0, this.options.events, this.spillStartTime(last) + 10);
  }

  /** Source id -> payload kind, including the scaler source (for decoders). */
  sourceKinds(): Map<number, 'msadc' | 'apv' | 'tdc' | 'scaler'> {
    const m = new Map<number, 'msadc' | 'apv' | 'tdc' | 'scaler'>(this.builder.sourceKinds);
    m.set(SCALER_SOURCE_ID, 'scaler');
    return m;
  }
}

export { EVENT_FLAGS };
