import { BatchBuilder, type RawEvent, type RawPayload } from '@na64/format';
import type { ChannelLookup, DigitTarget } from './channel-lookup.ts';

const NO_SAMPLES = new Int16Array(0);

/** Counts of read-out channels that the setup's channel map does not know. */
export type UnmappedCounts = Map<string, number>;

/**
 * Turns the decoded payloads of one physics event into digits rows: each channel is mapped through
 * the setup's channel map; unmapped channels are counted (reported by convert), never guessed.
 */
export class DigitsExtractor {
  readonly unmapped: UnmappedCounts = new Map();
  // Direct column access: this is the converter's hottest loop (one row per read-out channel).
  private readonly cols;

  constructor(
    private readonly channels: ChannelLookup,
    private readonly out: BatchBuilder<'digits'>,
  ) {
    const n = (name: string) => out.numbers(name);
    this.cols = {
      run: n('run'), spill: n('spill'), event: n('event'), detector: out.strings('detector'), channel: n('channel'),
      ix: n('ix'), iy: n('iy'), layer: n('layer'), plane: n('plane'), strip: n('strip'),
      source: n('source_id'), port: n('port'), chip: n('chip_channel'), samples: out.list('samples'), tdc: n('tdc'),
    };
  }

  add(event: RawEvent, key: { run: number; spill: number; event: number }): number {
    const before = this.out.length;
    for (const eq of event.equipments) this.addPayload(eq.slink.sourceId, eq.payload, key);
    return this.out.length - before;
  }

  private addPayload(source: number, payload: RawPayload, key: { run: number; spill: number; event: number }): void {
    switch (payload.kind) {
      case 'mux':
        for (const b of payload.blocks) this.addPayload(b.slink.sourceId, b.payload, key);
        return;
      case 'msadc':
        for (const block of payload.blocks) {
          for (let i = block.firstChannel; i < block.firstChannel + block.channelCount; i++) {
            const chip = payload.channel[i];
            const target = this.target(source, block.port, chip);
            if (!target) continue;
            this.push(key, target, source, block.port, chip, payload.samples, payload.sampleStart[i], payload.sampleStart[i + 1], -1);
          }
        }
        return;
      case 'apv':
        for (const adc of payload.adcs) {
          const perChannel = adc.tripleFrame ? 3 : 1;
          for (const chip of adc.chips) {
            for (let k = 0; k < chip.channels.length; k++) {
              const target = this.target(source, chip.chipId, chip.channels[k]);
              if (!target) continue;
              this.push(key, target, source, chip.chipId, chip.channels[k], chip.frames, k * perChannel, (k + 1) * perChannel, -1);
            }
          }
        }
        return;
      case 'tdc':
        for (let i = 0; i < payload.time.length; i++) {
          const target = this.target(source, payload.port[i], payload.channel[i]);
          if (target) this.push(key, target, source, payload.port[i], payload.channel[i], NO_SAMPLES, 0, 0, payload.time[i]);
        }
        return;
      case 'scaler':
        return;
      case 'raw':
        this.count(`source ${source}: payload kept as raw words (unknown source or rejected payload)`);
        return;
    }
  }

  private target(source: number, port: number, channel: number): DigitTarget | undefined {
    const t = this.channels.lookup(source, port, channel);
    if (!t) this.count(`source ${source} port ${port} channel ${channel}: not in the setup's channel map`);
    return t;
  }

  private count(what: string): void {
    this.unmapped.set(what, (this.unmapped.get(what) ?? 0) + 1);
  }

  /** One digits row; its samples are `samples[from..to)`. */
  private push(key: { run: number; spill: number; event: number }, t: DigitTarget, source: number, port: number, chip: number, samples: ArrayLike<number>, from: number, to: number, tdc: number): void {
    const c = this.cols;
    c.run.push(key.run);
    c.spill.push(key.spill);
    c.event.push(key.event);
    c.detector.push(t.detector);
    c.channel.push(t.channel);
    c.ix.push(t.ix);
    c.iy.push(t.iy);
    c.layer.push(t.layer);
    c.plane.push(t.plane);
    c.strip.push(t.strip);
    c.source.push(source);
    c.port.push(port);
    c.chip.push(chip);
    c.samples.pushRange(samples, from, to);
    c.tdc.push(tdc);
    this.out.endRow();
  }
}
