import { reconstructBundle } from '@na64/reco';
import type { Reconstruct } from './run-converter.ts';

/** The reconstruction plugged into convert: hits, tracks, event summaries and candidate tags. */
export async function reconstructStep(): Promise<Reconstruct> {
  return (input) => reconstructBundle(input);
}
