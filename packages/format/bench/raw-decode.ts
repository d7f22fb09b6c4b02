// Raw decode throughput on MSADC-heavy events, next to a plain copy and a plain word scan of the
// same bytes. Run: npx tsx packages/format/bench/raw-decode.ts [megabytes]
import { RawFramer, RawWriter, msadcPayload, rawEventHeader, slinkHeader } from '@na64/format';
import type { PayloadKind, RawEvent } from '@na64/format';

const targetMB = Number(process.argv[2] ?? 200);
const CHUNK = 1 << 20;

let seed = 12345;
const rnd = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};

// 4 MSADC equipments x 2 ADC blocks x 16 channels x 32 samples (ECAL/HCAL-like), ~8.9 kB per event.
function makeEvent(eventInSpill: number): RawEvent {
  const equipments = Array.from({ length: 4 }, (_, e) => ({
    equipmentId: e,
    type: 1,
    attributes: [0, 0, 0] as const,
    basicElementSize: 4,
    slink: slinkHeader({ sourceId: 100 + e, eventNumber: eventInSpill, spill: 1 }),
    payload: msadcPayload(
      Array.from({ length: 2 }, (_, b) => ({
        event: eventInSpill & 0xfff,
        adcId: b,
        port: e,
        channels: Array.from({ length: 16 }, (_, ch) => {
          const samples = Array.from({ length: 32 }, (_, k) => 150 + (k & 1) * 8 + Math.floor(rnd() * 30));
          return { channel: ch, sum: samples.reduce((a, s) => a + s, 0) & 0xffff, samples };
        }),
      })),
    ),
  }));
  return { byteOrder: 'little', header: rawEventHeader({ run: 1, spill: 1, eventInSpill, eventInRun: eventInSpill }), equipments };
}

async function main(): Promise<void> {
  const chunks: Uint8Array[] = [];
  const writer = new RawWriter((c) => void chunks.push(c), { chunkBytes: CHUNK });
  const templates = Array.from({ length: 64 }, (_, i) => makeEvent(i));
  let total = 0;
  let n = 0;
  const t0 = performance.now();
  while (writer.bytesWritten < targetMB * 1e6) {
    const t = templates[n % templates.length];
    await writer.write({ ...t, header: { ...t.header, eventInSpill: n % 64 } });
    n++;
  }
  await writer.close();
  for (const c of chunks) total += c.length;
  // Re-cut into fixed 1 MiB blocks, as file reads deliver them (events straddle block boundaries).
  const blocks: Uint8Array[] = [];
  let cur = new Uint8Array(CHUNK);
  let fill = 0;
  for (const c of chunks.splice(0)) {
    for (let at = 0; at < c.length; ) {
      const k = Math.min(c.length - at, CHUNK - fill);
      cur.set(c.subarray(at, at + k), fill);
      fill += k;
      at += k;
      if (fill === CHUNK) {
        blocks.push(cur);
        cur = new Uint8Array(CHUNK);
        fill = 0;
      }
    }
  }
  if (fill) blocks.push(cur.subarray(0, fill));
  chunks.push(...blocks);
  const encodeS = (performance.now() - t0) / 1000;
  console.log(`stream: ${n} events, ${(total / 1e6).toFixed(1)} MB (encoded in ${encodeS.toFixed(2)} s, ${(total / 1e6 / encodeS).toFixed(0)} MB/s)`);

  const sourceKinds = new Map<number, PayloadKind>([100, 101, 102, 103].map((id) => [id, 'msadc']));
  const mbps = (bytes: number, ms: number): string => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;

  for (let round = 0; round < 3; round++) {
    let t = performance.now();
    const sink = new Uint8Array(CHUNK);
    for (const c of chunks) sink.set(c.subarray(0, Math.min(c.length, CHUNK)));
    const copyMs = performance.now() - t;

    t = performance.now();
    let acc = 0;
    for (const c of chunks) {
      const w = new Uint32Array(c.buffer, c.byteOffset, c.length >>> 2);
      for (let i = 0; i < w.length; i++) acc = (acc + w[i]) | 0;
    }
    const scanMs = performance.now() - t;

    t = performance.now();
    const f = new RawFramer({ sourceKinds });
    let events = 0;
    let samples = 0;
    for (const c of chunks) {
      f.push(c);
      for (let r = f.next(); r; r = f.next()) {
        if (r.kind === 'event') {
          events++;
          const p = r.event.equipments[0].payload;
          if (p.kind === 'msadc') samples += p.samples.length;
        }
      }
    }
    f.end();
    for (let r = f.next(); r; r = f.next()) if (r.kind === 'event') events++;
    const decodeMs = performance.now() - t;
    const s = f.summary();
    if (events !== n || s.problems !== 0) throw new Error(`decoded ${events}/${n} events, ${s.problems} problems`);
    console.log(
      `round ${round + 1}: memcpy ${mbps(total, copyMs)} | word scan ${mbps(total, scanMs)} (${acc & 1}) | ` +
        `raw decode ${mbps(total, decodeMs)} (${events} events, ${samples} samples in first equipments)`,
    );
  }
}

void main();
