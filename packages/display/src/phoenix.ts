/**
 * Export of one event in the HSF Phoenix event-data JSON format (phoenix-event-display; see its
 * guides/developers/event_data_format.md): `{ "<event name>": { "event number", "run number",
 * Tracks: { <collection>: [{ pos: [[x,y,z],...], ... }] }, Hits: {...}, PlanarCaloCells: {...},
 * Vertices: {...} } }`. Phoenix uses mm like this toolkit, and z along the beam, so positions are
 * copied as they are (no transverse exaggeration).
 */
import { cellSegmentation, sectionZRange, type Setup } from '@na64/format';
import { energyColor, rgbToHex } from './colors.ts';
import { Columns } from './columns.ts';
import { describeCells, describeStrips, describeTracks, describeTruth, pdgCharge, pdgName, resolveElement } from './event-scene.ts';
import type { LoadedEvent } from './loader.ts';
import { summarizeEvent } from './summary.ts';

type Vec = [number, number, number];
export interface PhoenixTrack {
  pos: Vec[];
  color?: string;
  [extra: string]: unknown;
}
export interface PhoenixEvent {
  'event number': number;
  'run number': number;
  Tracks: Record<string, PhoenixTrack[]>;
  Hits: Record<string, { type: 'Box' | 'Line'; pos: number[]; color?: string; [extra: string]: unknown }[]>;
  PlanarCaloCells: Record<string, { plane: [number, number, number, number]; cells: { cellSize: number; energy: number; pos: [number, number]; color?: string; [extra: string]: unknown }[] }>;
  Vertices: Record<string, { pos: Vec; size?: number; color?: string; [extra: string]: unknown }[]>;
  [extra: string]: unknown;
}
export type PhoenixDocument = Record<string, PhoenixEvent>;

export function phoenixEventName(key: readonly [number, number, number]): string {
  return `run ${key[0]} spill ${key[1]} event ${key[2]}`;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const vec = (p: { x: number; y: number; z: number }): Vec => [r3(p.x), r3(p.y), r3(p.z)];
const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** One event as a Phoenix event object (put it under a name: `{ [phoenixEventName(key)]: event }`). */
export function toPhoenixEvent(setup: Setup, event: LoadedEvent, options: { beamEnergy?: number } = {}): PhoenixEvent {
  const beamEnergy = Number.isFinite(options.beamEnergy) ? options.beamEnergy! : setup.beam.energy;
  const summary = summarizeEvent(event.event, beamEnergy);
  const out: PhoenixEvent = {
    'event number': summary.event,
    'run number': summary.run,
    spill: summary.spill,
    time: Number.isFinite(Number(event.event.time)) ? new Date(Number(event.event.time) * 1000).toISOString() : undefined,
    setup: setup.id,
    beam_energy: beamEnergy,
    energy_sums: summary.sums,
    missing_energy: r3(summary.missing),
    tags: summary.tags,
    Tracks: {},
    Hits: {},
    PlanarCaloCells: {},
    Vertices: {},
  };

  // Calorimeter cells: per detector section a PlanarCaloCells collection (one colour per cell).
  const cells = describeCells(setup, event.hits, { sizeByEnergy: false });
  const hits = new Columns(event.hits);
  const layer = hits.num('layer');
  for (let k = 0; k < cells.count; k++) {
    const row = cells.rows[k];
    const element = setup.elements.find((e) => e.name === cells.elements[k])!;
    const seg = cellSegmentation(element);
    const section = layer[row] >= 0 ? layer[row] : 0;
    const name = seg.sections.length > 1 ? `${element.name} ${seg.sections[section].name}` : element.name;
    const collection = (out.PlanarCaloCells[name] ??= { plane: [0, 0, 1, r3(sectionZRange(element, section)[0])], cells: [] });
    collection.cells.push({
      cellSize: Math.min(seg.pitchX, seg.pitchY),
      energy: r3(cells.energies[k]),
      pos: [r3(cells.centers[3 * k]), r3(cells.centers[3 * k + 1])],
      color: rgbToHex(energyColor(cells.energies[k], cells.range)),
      row,
    });
    // The same cell as a box hit at its true depth.
    (out.Hits[`${element.name} cells`] ??= []).push({
      type: 'Box',
      pos: [...vec({ x: cells.centers[3 * k], y: cells.centers[3 * k + 1], z: cells.centers[3 * k + 2] }), r3(cells.sizes[3 * k]), r3(cells.sizes[3 * k + 1]), r3(cells.sizes[3 * k + 2])],
      color: '#ffb000',
      energy: r3(cells.energies[k]),
      row,
    });
  }

  // Tracker clusters as line hits, one collection per detector family.
  const strips = describeStrips(setup, event.hits);
  const det = hits.str('detector');
  const z = hits.num('z');
  for (let k = 0; k < strips.count; k++) {
    const row = strips.rows[k];
    const element = resolveElement(setup, det[row], z[row]);
    const p = Array.from(strips.positions.subarray(6 * k, 6 * k + 6), r3);
    (out.Hits[`${element?.name ?? det[row]} clusters`] ??= []).push({ type: 'Line', pos: p, color: '#7fffd4', row });
  }

  // Reconstructed tracks, traced through the magnets.
  const tracks = new Columns(event.tracks);
  const tracksOut = describeTracks(setup, event.tracks, beamEnergy).map((l) => ({
    pos: l.points.map(vec),
    color: rgbToHex(l.color),
    mom: finite(tracks.num('momentum')[l.row]),
    charge: finite(tracks.num('charge')[l.row]),
    chi2: finite(tracks.num('chi2')[l.row]),
    dof: finite(tracks.num('ndf')[l.row]),
    row: l.row,
  }));
  if (tracksOut.length) out.Tracks.Tracks = tracksOut;

  // Truth particles (Phoenix cannot dash lines: the invisible A'/X17 gets its own collection).
  const truth = describeTruth(setup, event.truth);
  const truthCols = new Columns(event.truth);
  const pdg = truthCols.num('pdg');
  for (const l of truth.lines) {
    const name = l.dashed ? "Truth invisible (A'/X17)" : 'Truth';
    (out.Tracks[name] ??= []).push({
      pos: l.points.map(vec),
      color: rgbToHex(l.color),
      pdg: pdg[l.row],
      particle: pdgName(pdg[l.row]),
      charge: pdgCharge(pdg[l.row]),
      mom: r3(Math.hypot(truthCols.num('px')[l.row], truthCols.num('py')[l.row], truthCols.num('pz')[l.row])),
      row: l.row,
    });
  }
  if (truth.decayVertices.length) {
    out.Vertices["A'/X17 decay"] = truth.decayVertices.map((v) => ({ pos: vec(v.position), size: 5, color: '#ffd400', row: v.row }));
  }
  return out;
}
