import { SCALER_SOURCE_ID, channelKey, expandChannelMap, type PayloadKind, type Setup } from '@na64/format';

/** Where one read-out channel lands in the digits table. */
export interface DigitTarget {
  detector: string;
  /** Index of the channel in its element's expanded channel map. */
  channel: number;
  ix: number;
  iy: number;
  layer: number;
  plane: number;
  strip: number;
}

/** (source, port, chip channel) -> digit target for every mapped channel of a setup. */
export class ChannelLookup {
  private readonly targets = new Map<number, DigitTarget>();
  /** Payload kind per source id, for the raw decoder. */
  readonly sourceKinds = new Map<number, PayloadKind>();

  constructor(setup: Setup) {
    this.sourceKinds.set(SCALER_SOURCE_ID, 'scaler');
    for (const element of setup.elements) {
      if (!element.readout) continue;
      const planes = element.segmentation && element.segmentation.type !== 'cells' ? element.segmentation.planes.map((p) => p.name) : [];
      expandChannelMap(element).forEach((c, index) => {
        this.sourceKinds.set(c.source, element.readout!.digitizer);
        const t = c.target;
        this.targets.set(
          channelKey(c.source, c.port, c.channel),
          t.type === 'cell'
            ? { detector: element.name, channel: index, ix: t.ix, iy: t.iy, layer: t.section, plane: -1, strip: -1 }
            : { detector: element.name, channel: index, ix: -1, iy: -1, layer: -1, plane: planes.indexOf(t.plane), strip: t.strip },
        );
      });
    }
  }

  lookup(source: number, port: number, channel: number): DigitTarget | undefined {
    return this.targets.get(channelKey(source, port, channel));
  }
}
