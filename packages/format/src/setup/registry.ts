/** Bundled setups by id: `getSetup`, `listSetups`, `bundledSetupDocument`. */
import { FormatError } from '../errors.ts';
import { BUNDLED_SETUPS } from './bundled/index.ts';
import type { Setup, SetupInput } from './schema.ts';
import { parseSetup } from './validate.ts';

const cache = new Map<string, Setup>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function findInput(id: string): SetupInput {
  const input = BUNDLED_SETUPS.find((s) => s.id === id);
  if (!input) {
    throw new FormatError(`unknown setup "${id}"; bundled setups: ${BUNDLED_SETUPS.map((s) => s.id).join(', ')}`);
  }
  return input;
}

/** Ids of the bundled setups. */
export function bundledSetupIds(): string[] {
  return BUNDLED_SETUPS.map((s) => s.id);
}

/** True when `id` names a bundled setup. */
export function isBundledSetup(id: string): boolean {
  return BUNDLED_SETUPS.some((s) => s.id === id);
}

/** A bundled setup, validated (throws FormatError for an unknown id). The result is frozen. */
export function getSetup(id: string): Setup {
  let setup = cache.get(id);
  if (!setup) {
    setup = deepFreeze(parseSetup(bundledSetupDocument(id), `bundled setup ${id}`));
    cache.set(id, setup);
  }
  return setup;
}

/** A fresh JSON copy of a bundled setup document (what a setup file holding it would contain). */
export function bundledSetupDocument(id: string): SetupInput {
  return JSON.parse(JSON.stringify(findInput(id))) as SetupInput;
}

export interface SetupSummary {
  id: string;
  description: string;
  runs: [number, number];
  particle: string;
  energy: number;
  elements: number;
}

/** One line of facts per bundled setup. */
export function listSetups(): SetupSummary[] {
  return BUNDLED_SETUPS.map((s) => ({
    id: s.id,
    description: s.description,
    runs: [s.runs[0], s.runs[1]],
    particle: s.beam.particle,
    energy: s.beam.energy,
    elements: s.elements.length,
  }));
}
