// The registry of payload codecs, one per payload kind.
import { apvCodec } from './apv.ts';
import { msadcCodec } from './msadc.ts';
import type { PayloadCodec } from './payload-codec.ts';
import { rawWordsCodec } from './raw-words.ts';
import { scalerCodec } from './scaler.ts';
import { tdcCodec } from './tdc.ts';
import type { PayloadKind, RawPayload, SourceKinds } from './types.ts';

/** Every payload codec by kind (the conformance test runs against each of these). */
export const RAW_PAYLOAD_CODECS: Readonly<Record<PayloadKind, PayloadCodec<any>>> = {
  raw: rawWordsCodec,
  msadc: msadcCodec,
  apv: apvCodec,
  tdc: tdcCodec,
  scaler: scalerCodec,
};

/** Kind for a source id; unknown ids fall back to 'raw'. */
export function sourceKind(kinds: SourceKinds | undefined, sourceId: number): PayloadKind {
  if (!kinds) return 'raw';
  const k = kinds instanceof Map ? kinds.get(sourceId) : (kinds as Readonly<Record<number, PayloadKind>>)[sourceId];
  return k ?? 'raw';
}

export function codecFor(kind: RawPayload['kind']): PayloadCodec<any> {
  if (kind === 'mux') throw new RangeError('raw: multiplexer payloads are structural, not a payload codec');
  const c = RAW_PAYLOAD_CODECS[kind];
  if (!c) throw new RangeError(`raw: unknown payload kind ${String(kind)}`);
  return c;
}
