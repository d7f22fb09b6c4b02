// Fallback payload: the words as they are.
import type { PayloadCodec } from './payload-codec.ts';
import type { RawWordsPayload } from './types.ts';

export const rawWordsCodec: PayloadCodec<RawWordsPayload> = {
  kind: 'raw',
  decode(words) {
    return { kind: 'raw', words: words.slice() };
  },
  wordCount(p) {
    return p.words.length;
  },
  encodeInto(p, out, at) {
    out.set(p.words, at);
    return p.words.length;
  },
};
