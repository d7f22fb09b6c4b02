/**
 * Channel maps in COMPASS map style: (source id, port, chip channel) -> cell or strip.
 * A map is written compactly as rules plus explicit entries; `expandChannelMap` turns it into
 * the full table and `checkChannelMaps` finds doubly mapped channels and unmapped cells/strips.
 */
import type { ChannelMapRule, DigitizerKind, Setup, SetupElement } from './schema.ts';
import { FIRST_MULTIPLEXER_ID, MAX_SOURCE_ID } from './limits.ts';

export type ChannelTarget =
  | { type: 'cell'; ix: number; iy: number; section: number; pmt: number }
  | { type: 'strip'; plane: string; strip: number };

/** One row of an expanded channel map. */
export interface MappedChannel {
  element: string;
  source: number;
  port: number;
  channel: number;
  target: ChannelTarget;
}

/** Port and channel limits per digitizer (bit widths from DESIGN 5). */
export const DIGITIZER_LIMITS: Record<DigitizerKind, { maxPort: number; maxChannel: number }> = {
  // MSADC block header: port 3 bits; channel header: channel 4 bits.
  msadc: { maxPort: 7, maxChannel: 15 },
  // APV: port = chip id (8 bits, our choice), 128 channels per APV25 chip.
  apv: { maxPort: 255, maxChannel: 127 },
  // F1-style straw TDC word (our documented choice): port 4 bits, channel 6 bits.
  tdc: { maxPort: 15, maxChannel: 63 },
};

/** A single number identifying (source, port, channel). */
export function channelKey(source: number, port: number, channel: number): number {
  return (source * 256 + port) * 256 + channel;
}

function targetKey(t: ChannelTarget): string {
  return t.type === 'cell' ? `cell (${t.ix}, ${t.iy}, ${t.section}${t.pmt ? `, pmt ${t.pmt}` : ''})` : `plane "${t.plane}" strip ${t.strip}`;
}

function rangeList([a, b]: [number, number]): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

type CellAxis = 'ix' | 'iy' | 'section' | 'pmt';

function expandRule(element: SetupElement, rule: ChannelMapRule, index: number, problems: string[], out: MappedChannel[]): void {
  const where = `element "${element.name}": map rule ${index}`;
  for (const key of ['ports', 'channels'] as const) {
    if (rule[key][0] > rule[key][1]) {
      problems.push(`${where}: ${key} range ${rule[key][0]}..${rule[key][1]} is reversed`);
      return;
    }
  }
  const slots: [number, number][] = [];
  for (const port of rangeList(rule.ports)) for (const ch of rangeList(rule.channels)) slots.push([port, ch]);
  const seg = element.segmentation;
  let targets: ChannelTarget[] = [];
  if ('plane' in rule) {
    if (!seg || seg.type === 'cells') {
      problems.push(`${where}: maps strips but the element has no strip or tube planes`);
      return;
    }
    if (rule.strips[0] > rule.strips[1]) {
      problems.push(`${where}: strips range ${rule.strips[0]}..${rule.strips[1]} is reversed`);
      return;
    }
    targets = rangeList(rule.strips).map((strip) => ({ type: 'strip', plane: rule.plane, strip }));
  } else {
    if (!seg || seg.type !== 'cells') {
      problems.push(`${where}: maps cells but the element is not segmented into cells`);
      return;
    }
    const full: Record<CellAxis, [number, number]> = {
      ix: [0, seg.nx - 1],
      iy: [0, seg.ny - 1],
      section: [0, seg.sections.length - 1],
      pmt: [0, seg.pmtsPerCell - 1],
    };
    const ranges = { ...full, ...rule.cells } as Record<CellAxis, [number, number]>;
    for (const axis of ['ix', 'iy', 'section', 'pmt'] as const) {
      if (ranges[axis][0] > ranges[axis][1]) {
        problems.push(`${where}: cells.${axis} range ${ranges[axis][0]}..${ranges[axis][1]} is reversed`);
        return;
      }
    }
    const order = rule.order ?? ['ix', 'iy', 'section', 'pmt'];
    const axes: CellAxis[] = [...order, ...(['ix', 'iy', 'section', 'pmt'] as const).filter((a) => !order.includes(a))];
    if (new Set(order).size !== order.length) {
      problems.push(`${where}: order names an axis twice (${order.join(', ')})`);
      return;
    }
    // Odometer over the axes, fastest first.
    const cur: Record<CellAxis, number> = { ix: ranges.ix[0], iy: ranges.iy[0], section: ranges.section[0], pmt: ranges.pmt[0] };
    const total = axes.reduce((n, a) => n * (ranges[a][1] - ranges[a][0] + 1), 1);
    for (let k = 0; k < total; k++) {
      targets.push({ type: 'cell', ix: cur.ix, iy: cur.iy, section: cur.section, pmt: cur.pmt });
      for (const a of axes) {
        if (cur[a] < ranges[a][1]) {
          cur[a]++;
          break;
        }
        cur[a] = ranges[a][0];
      }
    }
  }
  if (targets.length !== slots.length) {
    problems.push(
      `${where}: ${slots.length} channels (ports ${rule.ports[0]}..${rule.ports[1]} x channels ` +
        `${rule.channels[0]}..${rule.channels[1]}) but ${targets.length} ${'plane' in rule ? 'strips' : 'cells'}`,
    );
    return;
  }
  slots.forEach(([port, channel], k) => {
    out.push({ element: element.name, source: rule.source, port, channel, target: targets[k]! });
  });
}

/** Expands an element's map into the full table, collecting problems instead of throwing. */
export function expandChannelMapChecked(element: SetupElement): { channels: MappedChannel[]; problems: string[] } {
  const channels: MappedChannel[] = [];
  const problems: string[] = [];
  const map = element.readout?.map;
  if (!map) return { channels, problems };
  map.rules.forEach((rule, i) => expandRule(element, rule, i, problems, channels));
  for (const e of map.entries) {
    const target: ChannelTarget =
      'cell' in e
        ? { type: 'cell', ix: e.cell[0], iy: e.cell[1], section: e.cell[2], pmt: e.cell[3] ?? 0 }
        : { type: 'strip', plane: e.plane, strip: e.strip };
    channels.push({ element: element.name, source: e.source, port: e.port, channel: e.channel, target });
  }
  return { channels, problems };
}

/** The full channel table of one element (throws on a broken rule; validated setups never do). */
export function expandChannelMap(element: SetupElement): MappedChannel[] {
  const { channels, problems } = expandChannelMapChecked(element);
  if (problems.length) throw new Error(problems.join('; '));
  return channels;
}

function targetInRange(element: SetupElement, t: ChannelTarget): boolean {
  const seg = element.segmentation;
  if (!seg) return false;
  if (t.type === 'cell') {
    return (
      seg.type === 'cells' && t.ix < seg.nx && t.iy < seg.ny && t.section < seg.sections.length && t.pmt < seg.pmtsPerCell
    );
  }
  if (seg.type === 'cells') return false;
  const plane = (seg.planes as { name: string; count: number }[]).find((p) => p.name === t.plane);
  return !!plane && t.strip < plane.count;
}

function allTargets(element: SetupElement): ChannelTarget[] {
  const seg = element.segmentation;
  const out: ChannelTarget[] = [];
  if (!seg) return out;
  if (seg.type === 'cells') {
    for (let section = 0; section < seg.sections.length; section++)
      for (let iy = 0; iy < seg.ny; iy++)
        for (let ix = 0; ix < seg.nx; ix++)
          for (let pmt = 0; pmt < seg.pmtsPerCell; pmt++) out.push({ type: 'cell', ix, iy, section, pmt });
  } else {
    for (const p of seg.planes as { name: string; count: number }[])
      for (let strip = 0; strip < p.count; strip++) out.push({ type: 'strip', plane: p.name, strip });
  }
  return out;
}

const MAX_LISTED = 5;
function listSome(items: string[]): string {
  return items.length <= MAX_LISTED ? items.join(', ') : `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
}

/**
 * Checks every channel map of a setup: source ids (< 1024, not a multiplexer id), port and
 * channel limits of the digitizer, no channel mapped twice (across the whole setup), no
 * cell/strip mapped twice, every cell/strip of a read-out element mapped. Returns problems.
 */
export function checkChannelMaps(setup: Setup): string[] {
  const problems: string[] = [];
  const owner = new Map<number, string>();
  for (const element of setup.elements) {
    const readout = element.readout;
    if (!readout) continue;
    const where = `element "${element.name}"`;
    const seg = element.segmentation;
    const wanted = readout.digitizer === 'msadc' ? 'cells' : readout.digitizer === 'apv' ? 'planes' : 'tubes';
    if (!seg || seg.type !== wanted) {
      problems.push(`${where}: readout.digitizer "${readout.digitizer}" needs segmentation.type "${wanted}", got ${seg ? `"${seg.type}"` : 'none'}`);
      continue;
    }
    if (readout.multiplexer !== undefined && readout.multiplexer < FIRST_MULTIPLEXER_ID) {
      problems.push(`${where}: readout.multiplexer must be a multiplexer source id ${FIRST_MULTIPLEXER_ID}..${MAX_SOURCE_ID}, got ${readout.multiplexer}`);
    }
    const { channels, problems: ruleProblems } = expandChannelMapChecked(element);
    problems.push(...ruleProblems);
    const limits = DIGITIZER_LIMITS[readout.digitizer];
    const seenTargets = new Map<string, string>();
    const badRange: string[] = [];
    const doubleChannel: string[] = [];
    const doubleTarget: string[] = [];
    for (const c of channels) {
      const name = `source ${c.source} port ${c.port} channel ${c.channel}`;
      if (c.source >= FIRST_MULTIPLEXER_ID) {
        badRange.push(`${name}: source ids ${FIRST_MULTIPLEXER_ID}..${MAX_SOURCE_ID} are multiplexers, not detector sources`);
        continue;
      }
      if (c.port > limits.maxPort || c.channel > limits.maxChannel) {
        badRange.push(`${name}: ${readout.digitizer} allows ports 0..${limits.maxPort} and channels 0..${limits.maxChannel}`);
        continue;
      }
      if (!targetInRange(element, c.target)) {
        badRange.push(`${name}: ${targetKey(c.target)} does not exist`);
        continue;
      }
      const key = channelKey(c.source, c.port, c.channel);
      const prev = owner.get(key);
      if (prev !== undefined) {
        doubleChannel.push(`${name} (already mapped to ${prev})`);
      } else {
        owner.set(key, `element "${element.name}" ${targetKey(c.target)}`);
      }
      const tk = targetKey(c.target);
      const prevT = seenTargets.get(tk);
      if (prevT !== undefined) doubleTarget.push(`${tk} (${prevT} and ${name})`);
      else seenTargets.set(tk, name);
    }
    if (badRange.length) problems.push(`${where}: map: ${listSome(badRange)}`);
    if (doubleChannel.length) problems.push(`${where}: map: channel mapped twice: ${listSome(doubleChannel)}`);
    if (doubleTarget.length) problems.push(`${where}: map: mapped twice: ${listSome(doubleTarget)}`);
    const unmapped = allTargets(element).map(targetKey).filter((k) => !seenTargets.has(k));
    if (unmapped.length) problems.push(`${where}: map: not mapped: ${listSome(unmapped)}`);
  }
  return problems;
}

/** Fast lookup of the whole setup's channels by (source, port, channel), for decoders. */
export interface ChannelIndex {
  lookup(source: number, port: number, channel: number): MappedChannel | undefined;
  /** All channels of one element, in map order. */
  channelsOf(element: string): MappedChannel[];
  /** Source ids used by the setup, ascending. */
  sources(): number[];
}

export function buildChannelIndex(setup: Setup): ChannelIndex {
  const byKey = new Map<number, MappedChannel>();
  const byElement = new Map<string, MappedChannel[]>();
  for (const element of setup.elements) {
    if (!element.readout) continue;
    const channels = expandChannelMap(element);
    byElement.set(element.name, channels);
    for (const c of channels) byKey.set(channelKey(c.source, c.port, c.channel), c);
  }
  const sources = [...new Set([...byKey.values()].map((c) => c.source))].sort((a, b) => a - b);
  return {
    lookup: (source, port, channel) => byKey.get(channelKey(source, port, channel)),
    channelsOf: (element) => byElement.get(element) ?? [],
    sources: () => sources,
  };
}
