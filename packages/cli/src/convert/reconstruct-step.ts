import type { Reconstruct } from './run-converter.ts';

/**
 * The reconstruction plugged into convert. Until @na64/reco provides it, converted datasets carry
 * digits only (hits and tracks tables stay empty, event summaries zero).
 */
export async function reconstructStep(): Promise<Reconstruct | undefined> {
  return undefined;
}
