/**
 * The shared conformance suite every EventLoader passes (DESIGN 8: one interface per plug-in
 * kind, one shared test). Call it inside a test file with a factory and the dataset it reads.
 */
import { describe, expect, it } from 'vitest';
import { FormatError } from '@na64/format';
import type { EventLoader } from '@na64/display';
import type { DisplayDataset } from '../../../test/helpers/display-dataset.ts';

export function loaderConformance(name: string, make: () => Promise<EventLoader>, data: () => DisplayDataset): void {
  describe(`EventLoader conformance: ${name}`, () => {
    it('opens and names the setup', async () => {
      const loader = await make();
      const summary = await loader.open();
      expect(summary.setupId).toBe(data().setupId);
      expect(summary.runs).toEqual([data().run]);
      expect(summary.events).toBe(data().keys.length);
      loader.close();
    });

    it('lists every event key in order', async () => {
      const loader = await make();
      expect(await loader.eventKeys()).toEqual(data().keys);
      loader.close();
    });

    it('reads one event with its collections and beam energy', async () => {
      const loader = await make();
      const key = data().tagged.x17[0] ?? data().tagged.invisible[0];
      const ev = await loader.readEvent(key);
      expect([ev.event.run, ev.event.spill, ev.event.event]).toEqual(key);
      expect(ev.hits.numRows).toBeGreaterThan(5);
      expect(ev.tracks.numRows).toBeGreaterThan(0);
      expect(ev.truth.numRows).toBeGreaterThan(1);
      const spills = ev.hits.getChild('spill')!.toArray() as Int32Array;
      expect(spills.every((s) => s === key[1])).toBe(true);
      expect(Array.from(ev.truth.getChild('pdg')!.toArray() as Int32Array)).toContain(9900022);
      expect(await loader.beamEnergy(key)).toBe(data().beamEnergy);
      loader.close();
    });

    it('reads events columns for candidate lists', async () => {
      const loader = await make();
      const t = await loader.eventColumns(['tags', 'e_ecal']);
      expect(t.numRows).toBe(data().keys.length);
      expect(t.schema.fields.map((f) => f.name).sort()).toEqual(['e_ecal', 'event', 'run', 'spill', 'tags']);
      const tags = t.getChild('tags')!.toArray() as Int32Array;
      const x17 = Array.from(tags).filter((b) => (b & 4) !== 0).length;
      expect(x17).toBe(data().tagged.x17.length);
      await expect(loader.eventColumns(['no_such_column'])).rejects.toThrow(/no column "no_such_column"/);
      loader.close();
    });

    it('rejects a missing event with a clear FormatError', async () => {
      const loader = await make();
      const err = await loader.readEvent([data().run, 99, 1]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FormatError);
      expect((err as Error).message).toMatch(/event \d+:99:1 \(run:spill:event\) does not exist/);
      loader.close();
    });
  });
}
