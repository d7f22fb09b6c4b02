/**
 * Event summaries and candidate tags. A summary is filled from the hits of one event; the tags
 * are a pure function of the summary and a SelectionConfig (config.ts), so the cuts live in the
 * config, not here.
 */
import { TAGS } from '@na64/format';
import type { SelectionConfig } from './config.ts';

/** Per-event quantities the tags are decided on (energies GeV, momentum GeV). */
export interface EventSummary {
  eEcal: number;
  eEcalPre: number;
  eHcal: number;
  /** Energy per HCAL module, beam order. */
  hcalModules: Float64Array;
  eWcal: number;
  eVeto: number;
  eSrd: number;
  cogX: number;
  cogY: number;
  /** Incoming momentum, NaN when not measured. */
  pIn: number;
  nTracks: number;
  /** Energy per setup element by name lookup (counters such as V2 and S4). */
  elementEnergy: (name: string) => number;
  /** A calorimeter hit above the pile-up energy was out of time. */
  outOfTime: boolean;
}

export const TAG_INVISIBLE = TAGS.invisible.bit;
export const TAG_DIMUON = TAGS.dimuon.bit;
export const TAG_X17 = TAGS.x17.bit;
export const TAG_SRD = TAGS.srd_tagged.bit;
export const TAG_PILEUP = TAGS.pileup.bit;

/** The tag bits of one event (SCHEMA.md "Tags"). */
export function computeTags(s: EventSummary, c: SelectionConfig): number {
  let tags = 0;
  const srd = s.eSrd >= c.srd.min && s.eSrd <= c.srd.max;
  if (srd) tags |= TAG_SRD;
  if (s.outOfTime) tags |= TAG_PILEUP;

  const inv = c.invisible;
  const pOk = Number.isNaN(s.pIn) ? !inv.requireMomentum : s.pIn >= inv.pInMin && s.pIn <= inv.pInMax;
  if (inv.enabled && srd && pOk && s.eEcal < inv.ecalMax && s.eVeto < inv.vetoMax && s.eHcal < inv.hcalMax) tags |= TAG_INVISIBLE;

  const mu = c.dimuon;
  if (mu.enabled && s.eEcal < mu.ecalMax && s.hcalModules.length > 0) {
    let all = true;
    for (let i = 0; i < s.hcalModules.length; i++) {
      const e = s.hcalModules[i];
      if (!(e >= mu.moduleMin && e <= mu.moduleMax)) all = false;
    }
    if (all) tags |= TAG_DIMUON;
  }

  const x = c.x17;
  const E0 = c.beamEnergy;
  if (x.enabled && Math.abs(s.eWcal + s.eEcal - E0) < x.sumWindow * E0 && s.eEcal > x.ecalMin) {
    const v2 = s.elementEnergy(x.v2);
    const s4 = s.elementEnergy(x.s4);
    const pre = s.eEcal > 0 ? s.eEcalPre / s.eEcal : 0;
    if (v2 < x.v2Max && s4 >= x.s4Min && s4 <= x.s4Max && pre >= x.preFractionMin && pre <= x.preFractionMax) tags |= TAG_X17;
  }
  return tags;
}
