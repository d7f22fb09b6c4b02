// Node-only entry of @na64/sim: simulate a run into a raw file + truth sidecar (worker threads).
export { simulateToFile } from './simulate-file.ts';
export type { SimulateFileOptions, SimulateFileResult } from './simulate-file.ts';
