// The simulator writes its PHYSICS events as words straight into the block buffer; those bytes
// must be exactly what the format's encoder gives for the same event, for every setup and for
// busy events (rare processes, hadrons) with many channels per source.
import { describe, expect, it } from 'vitest';
import { decodeRawBuffer, encodeRawEvent, getSetup, listSetups } from '@na64/format';
import { RunSimulator } from '@na64/sim';
import type { ProcessName } from '@na64/sim';

const cases: [string, ProcessName][] = listSetups().map((s) => [s.id, getSetup(s.id).beam.particle.startsWith('e') ? 'mixed' : 'electron']);
cases.push(['invis-2018', 'hadron']);

describe.each(cases)('direct raw words: %s, %s', (setupId, process) => {
  it('each event of a block equals encodeRawEvent of the decoded event, and of simulateEvent', () => {
    const opts = { setup: getSetup(setupId), run: 4000, events: 60, seed: 3, process, eventsPerSpill: 4096 };
    const block = new RunSimulator(opts).simulateBlock(0, 60);
    const single = new RunSimulator(opts);
    const dec = decodeRawBuffer(block.bytes, { sourceKinds: single.sourceKinds() });
    expect(dec.problems).toEqual([]);
    expect(dec.events.length).toBe(60);
    for (let j = 0; j < 60; j++) {
      const bytes = block.bytes.subarray(block.offsets[j], block.offsets[j + 1]);
      expect(encodeRawEvent(dec.events[j].event)).toEqual(bytes);
      expect(encodeRawEvent(single.simulateEvent(j).event)).toEqual(bytes);
    }
  });
});
