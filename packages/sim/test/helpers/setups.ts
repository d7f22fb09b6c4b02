// Variants of the bundled setups for the validation tests (same geometry, different beams).
import { bundledSetupDocument, parseSetup } from '@na64/format';
import type { Setup, SetupInput } from '@na64/format';

/**
 * A bundled setup with its beam replaced (pure beam: no spread, no contamination unless given).
 * The dipole fields scale with the beam energy, as the beam line is tuned for its momentum, so the
 * beam still reaches the detectors placed on the nominal deflected line.
 */
export function withBeam(id: string, beam: Partial<SetupInput['beam']>, edit?: (doc: SetupInput) => void): Setup {
  const doc = bundledSetupDocument(id) as SetupInput;
  const scale = (beam.energy ?? doc.beam.energy) / doc.beam.energy;
  for (const e of doc.elements) if (e.field) e.field = { ...e.field, By: e.field.By * scale };
  doc.beam = { ...doc.beam, energySpread: 0, contamination: {}, ...beam };
  edit?.(doc);
  return parseSetup(doc, `${id} (test variant)`);
}
