/**
 * Colour scales for the display: energies (calorimeter cells) and momenta (tracks).
 * Colours are [r, g, b] in 0..1 (linear in the palette, as three.js Color.setRGB expects).
 */
export type Rgb = [number, number, number];
export type EnergyScale = 'linear' | 'log';

/** Viridis sampled at t = 0, 0.25, 0.5, 0.75, 1 (matplotlib's published endpoints and quartiles). */
export const VIRIDIS_STOPS: readonly string[] = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

export function hexToRgb(hex: string): Rgb {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}

export function rgbToHex(c: Rgb): string {
  return `#${c.map((x) => Math.round(Math.min(1, Math.max(0, x)) * 255).toString(16).padStart(2, '0')).join('')}`;
}

const STOPS = VIRIDIS_STOPS.map(hexToRgb);

/** The palette colour at t in [0, 1] (clamped), interpolated linearly between the stops. */
export function paletteColor(t: number, stops: readonly Rgb[] = STOPS): Rgb {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const f = x * (stops.length - 1);
  const i = Math.min(Math.floor(f), stops.length - 2);
  const u = f - i;
  const a = stops[i];
  const b = stops[i + 1];
  return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u];
}

export interface EnergyRange {
  /** Energy mapped to the bottom of the scale, GeV; for a log scale it must be > 0. */
  min: number;
  /** Energy mapped to the top of the scale, GeV. */
  max: number;
  scale: EnergyScale;
}

/** Position of an energy on the scale, 0..1 (clamped). */
export function energyFraction(energy: number, range: EnergyRange): number {
  if (!(range.max > range.min)) return energy >= range.max ? 1 : 0;
  let t: number;
  if (range.scale === 'log') {
    const lo = range.min > 0 ? range.min : range.max * 1e-4;
    t = energy <= lo ? 0 : Math.log(energy / lo) / Math.log(range.max / lo);
  } else t = (energy - range.min) / (range.max - range.min);
  return Math.min(1, Math.max(0, t));
}

export function energyColor(energy: number, range: EnergyRange): Rgb {
  return paletteColor(energyFraction(energy, range));
}

/**
 * A default range for a set of energies: the threshold (or 1e-3 of the maximum on a log scale)
 * up to the largest energy.
 */
export function autoEnergyRange(energies: ArrayLike<number>, scale: EnergyScale, threshold = 0): EnergyRange {
  let max = 0;
  for (let i = 0; i < energies.length; i++) if (energies[i] > max) max = energies[i];
  if (max <= 0) max = 1;
  const min = scale === 'log' ? Math.max(threshold, max * 1e-3) : Math.max(0, threshold);
  return { min: Math.min(min, max * 0.999), max, scale };
}

/** Track colour by momentum: blue (soft) through white to red (beam energy and above). */
export function momentumColor(momentum: number, beamEnergy: number): Rgb {
  if (!Number.isFinite(momentum)) return [0.8, 0.8, 0.8];
  const t = Math.min(1, Math.max(0, momentum / beamEnergy));
  return t < 0.5 ? [0.2 + 1.6 * t * 0.5, 0.4 + 1.2 * t * 0.5, 1] : [1, 1 - (t - 0.5) * 1.6, 1 - (t - 0.5) * 1.8];
}

/** Colours for element kinds (translucent setup volumes). */
export const KIND_COLORS: Record<string, string> = {
  calorimeter: '#d9a441',
  'tracker-strip': '#4fb3d9',
  straw: '#5fc4a0',
  counter: '#c0c0c0',
  veto: '#e06c75',
  magnet: '#7a6fd6',
  srd: '#b98bd8',
  'decay-volume': '#6f8fa8',
  target: '#a0a0a0',
};
