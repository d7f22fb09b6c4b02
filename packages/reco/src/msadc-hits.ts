/**
 * MSADC digits of one event and one element -> calibrated cell hits: pulse fit per channel
 * (pulse-fit.ts), E = amplitude * gain, time = peak time - MSADC_TRIGGER_NS - timeOffset; one
 * hit per cell at the cell centre, in digit order for one-PMT cells; the PMTs of a multi-PMT
 * cell (VETO paddles) are averaged (energy, time) into one hit, charge = sum of the PMT
 * amplitudes, emitted in cell-id order.
 */
import type { BatchOf } from '@na64/format';
import type { ElementModel } from './detector-model.ts';
import type { HitsBuilder } from './hits-builder.ts';
import type { CellSums, EventKey, HitScratch } from './hits.ts';
import { fitMsadcPulse } from './pulse-fit.ts';
import { MSADC_TRIGGER_NS } from './pulse-template.ts';

/** MSADC digits (rows[r0..r1) of `rows`) of one element and event -> cell hits. */
export function msadcHits(
  m: ElementModel,
  digits: BatchOf<'digits'>,
  rows: Int32Array,
  r0: number,
  r1: number,
  key: EventKey,
  thresholdSigma: number,
  scratch: HitScratch,
  out: HitsBuilder,
): void {
  const fit = scratch.fit;
  const offsets = digits.samples.offsets;
  const values = digits.samples.values;
  // Columns, calibration arrays and hit columns in locals: this loop runs once per channel.
  const dIx = digits.ix;
  const dIy = digits.iy;
  const dLayer = digits.layer;
  const dChannel = digits.channel;
  const { nx, ny, nSections, pmts, channelToReadout, noise: noiseOf, pedEven, pedOdd, gain, timeOffset, cellX, cellY, cellZ } = m;
  const element = m.index;
  const { run, spill, event } = key;
  out.reserve(r1 - r0);
  const hRun = out.run;
  const hSpill = out.spill;
  const hEvent = out.event;
  const hElement = out.element;
  const hIx = out.ix;
  const hIy = out.iy;
  const hLayer = out.layer;
  const hEnergy = out.energy;
  const hCharge = out.charge;
  const hTime = out.time;
  const hX = out.x;
  const hY = out.y;
  const hZ = out.z;
  let h = out.length;
  let nTouched = 0;
  const c = pmts > 1 ? scratch.cellsOf(m) : undefined;
  for (let k = r0; k < r1; k++) {
    const row = rows[k];
    const ix = dIx[row];
    const iy = dIy[row];
    const layer = dLayer[row];
    if (ix < 0 || ix >= nx || iy < 0 || iy >= ny || layer < 0 || layer >= nSections) continue;
    const cell = ix + nx * (iy + ny * layer);
    // PMT from the channel (index in the element's channel map); the cell indices decide the cell.
    const channel = dChannel[row];
    const mapped = channel >= 0 && channel < channelToReadout.length ? channelToReadout[channel] : -1;
    const ch = mapped >= 0 && ((mapped / pmts) | 0) === cell ? mapped : cell * pmts;
    const off = offsets[row];
    const noise = noiseOf[ch];
    if (!fitMsadcPulse(values, off, offsets[row + 1] - off, pedEven[ch], pedOdd[ch], noise, thresholdSigma * noise, fit)) continue;
    if (c === undefined) {
      // One PMT per cell: the hit directly (digits of a cell do not repeat).
      hRun[h] = run;
      hSpill[h] = spill;
      hEvent[h] = event;
      hElement[h] = element;
      hIx[h] = ix;
      hIy[h] = iy;
      hLayer[h] = layer;
      hEnergy[h] = fit.amplitude * gain[ch];
      hCharge[h] = fit.amplitude;
      hTime[h] = fit.peakTime - MSADC_TRIGGER_NS - timeOffset[ch];
      hX[h] = cellX[cell];
      hY[h] = cellY[cell];
      hZ[h] = cellZ[cell];
      h++;
      continue;
    }
    if (c.n[cell] === 0) c.touched[nTouched++] = cell;
    c.e[cell] += fit.amplitude * gain[ch];
    c.t[cell] += fit.peakTime - MSADC_TRIGGER_NS - timeOffset[ch];
    c.q[cell] += fit.amplitude;
    c.n[cell]++;
  }
  out.length = h;
  if (c !== undefined) emitCells(m, c, nTouched, key, out);
}

/** The summed PMTs of the touched multi-PMT cells -> hits in cell-id order; resets the sums. */
function emitCells(m: ElementModel, c: CellSums, nTouched: number, key: EventKey, out: HitsBuilder): void {
  // insertion sort of the few touched cells
  const t = c.touched;
  for (let i = 1; i < nTouched; i++) {
    const v = t[i];
    let j = i - 1;
    while (j >= 0 && t[j] > v) {
      t[j + 1] = t[j];
      j--;
    }
    t[j + 1] = v;
  }
  const perLayer = m.nx * m.ny;
  for (let i = 0; i < nTouched; i++) {
    const cell = t[i];
    const n = c.n[cell];
    const h = out.add(key.run, key.spill, key.event, m.index);
    out.ix[h] = cell % m.nx;
    out.iy[h] = ((cell / m.nx) | 0) % m.ny;
    out.layer[h] = (cell / perLayer) | 0;
    out.energy[h] = c.e[cell] / n;
    out.charge[h] = c.q[cell];
    out.time[h] = c.t[cell] / n;
    out.x[h] = m.cellX[cell];
    out.y[h] = m.cellY[cell];
    out.z[h] = m.cellZ[cell];
    c.e[cell] = 0;
    c.t[cell] = 0;
    c.q[cell] = 0;
    c.n[cell] = 0;
  }
}
