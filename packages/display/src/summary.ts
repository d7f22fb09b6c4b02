/** What the event panel shows, computed from an events row and the beam energy. */
import { TAGS, type TagName } from '@na64/format';

/** VETO threshold, GeV: about half a MIP in the 40 mm VETO paddles (2.05 MeV/cm x 4 cm / 2, approx.). */
export const VETO_THRESHOLD = 0.004;

export interface EventSummary {
  key: string;
  run: number;
  spill: number;
  event: number;
  trigger: number;
  sums: { ecal: number; hcal: number; wcal: number; veto: number; srd: number };
  /** ECAL + HCAL + WCAL + VETO, GeV. */
  total: number;
  beamEnergy: number;
  /** E0 - total, GeV. */
  missing: number;
  veto: 'fired' | 'quiet';
  tags: TagName[];
}

export function tagNames(bits: number): TagName[] {
  return (Object.keys(TAGS) as TagName[]).filter((t) => (bits & TAGS[t].bit) !== 0);
}

/** Tag names as expression constants (`tags & x17`). */

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? Number.NaN));

export function summarizeEvent(event: Record<string, unknown>, beamEnergy: number): EventSummary {
  const sums = { ecal: num(event.e_ecal), hcal: num(event.e_hcal), wcal: num(event.e_wcal), veto: num(event.e_veto), srd: num(event.e_srd) };
  const z = (v: number) => (Number.isFinite(v) ? v : 0);
  const total = z(sums.ecal) + z(sums.hcal) + z(sums.wcal) + z(sums.veto);
  const run = num(event.run);
  const spill = num(event.spill);
  const ev = num(event.event);
  return {
    key: `${run}:${spill}:${ev}`,
    run,
    spill,
    event: ev,
    trigger: num(event.trigger_mask),
    sums,
    total,
    beamEnergy,
    missing: beamEnergy - total,
    veto: sums.veto > VETO_THRESHOLD ? 'fired' : 'quiet',
    tags: tagNames(num(event.tags)),
  };
}

/** Parses "run:spill:event"; undefined when malformed. */
export function parseEventKey(text: string): [number, number, number] | undefined {
  const m = /^\s*(\d+)\s*:\s*(\d+)\s*:\s*(\d+)\s*$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}
