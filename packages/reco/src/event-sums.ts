/**
 * The calorimeter part of an event summary from the event's hits: energy sums per detector
 * family, ECAL preshower and centre of gravity, energy per HCAL module and per element, and the
 * out-of-time (pile-up) flag. Per-element roles are resolved once per bundle.
 */
import type { SelectionConfig } from './config.ts';
import type { SetupModel } from './detector-model.ts';
import type { HitsBuilder } from './hits-builder.ts';
import type { EventSummary } from './selection.ts';

const FAMILY_CODE: Record<string, number> = { ECAL: 1, HCAL: 2, WCAL: 3, VETO: 4, SRD: 5 };

export class EventSums {
  /** 1 ECAL, 2 HCAL, 3 WCAL, 4 VETO, 5 SRD, 0 other, by element index. */
  private readonly family: Int8Array;
  private readonly calorimeter: Uint8Array;
  /** ECAL with more than one section: section 0 is the preshower. */
  private readonly preshower: Uint8Array;
  private readonly hcalModule0: Int32Array;
  private readonly pileupEnergy: number;
  private readonly pileupTime: number;
  readonly elementEnergy: Float64Array;
  readonly summary: EventSummary;

  constructor(model: SetupModel, sel: SelectionConfig) {
    const n = model.elements.length;
    this.family = new Int8Array(n);
    this.calorimeter = new Uint8Array(n);
    this.preshower = new Uint8Array(n);
    this.hcalModule0 = new Int32Array(n);
    for (const m of model.elements) {
      this.family[m.index] = FAMILY_CODE[m.family] ?? 0;
      this.calorimeter[m.index] = m.element.kind === 'calorimeter' ? 1 : 0;
      this.preshower[m.index] = m.family === 'ECAL' && m.nSections > 1 ? 1 : 0;
      this.hcalModule0[m.index] = m.hcalModule0;
    }
    this.pileupEnergy = sel.pileup.minEnergy;
    this.pileupTime = sel.pileup.timeNs;
    const elementEnergy = (this.elementEnergy = new Float64Array(n));
    this.summary = {
      eEcal: 0,
      eEcalPre: 0,
      eHcal: 0,
      hcalModules: new Float64Array(model.hcalModules),
      eWcal: 0,
      eVeto: 0,
      eSrd: 0,
      cogX: NaN,
      cogY: NaN,
      pIn: NaN,
      nTracks: 0,
      elementEnergy: (name) => {
        const i = model.byName.get(name);
        return i === undefined ? 0 : elementEnergy[i];
      },
      outOfTime: false,
    };
  }

  /** Fills the calorimeter fields of `summary` from hits h0 .. h1 - 1 (one event). */
  sum(hits: HitsBuilder, h0: number, h1: number): EventSummary {
    const { family, calorimeter, preshower, hcalModule0, elementEnergy, pileupEnergy, pileupTime } = this;
    const s = this.summary;
    const modules = s.hcalModules;
    elementEnergy.fill(0);
    modules.fill(0);
    const hElement = hits.element;
    const hEnergy = hits.energy;
    const hLayer = hits.layer;
    const hTime = hits.time;
    const hX = hits.x;
    const hY = hits.y;
    let sEcal = 0, sPre = 0, sHcal = 0, sWcal = 0, sVeto = 0, sSrd = 0, sx = 0, sy = 0;
    let outOfTime = false;
    for (let h = h0; h < h1; h++) {
      const E = hEnergy[h];
      if (E === 0) continue;
      const e = hElement[h];
      elementEnergy[e] += E;
      switch (family[e]) {
        case 1:
          sEcal += E;
          sx += E * hX[h];
          sy += E * hY[h];
          if (preshower[e] === 1 && hLayer[h] === 0) sPre += E;
          break;
        case 2:
          sHcal += E;
          modules[hcalModule0[e] + hLayer[h]] += E;
          break;
        case 3:
          sWcal += E;
          break;
        case 4:
          sVeto += E;
          break;
        case 5:
          sSrd += E;
          break;
      }
      if (calorimeter[e] === 1 && E > pileupEnergy && Math.abs(hTime[h]) > pileupTime) outOfTime = true;
    }
    s.eEcal = sEcal;
    s.eEcalPre = sPre;
    s.eHcal = sHcal;
    s.eWcal = sWcal;
    s.eVeto = sVeto;
    s.eSrd = sSrd;
    s.cogX = sEcal > 0 ? sx / sEcal : NaN;
    s.cogY = sEcal > 0 ? sy / sEcal : NaN;
    s.outOfTime = outOfTime;
    return s;
  }
}
