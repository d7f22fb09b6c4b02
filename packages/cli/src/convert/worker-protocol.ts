import type { RunReport } from './run-converter.ts';

/** Messages between `na64 convert` and its worker threads. */
export type WorkerRequest =
  | { type: 'convert'; id: number; files: string[]; datasetDir: string; setup: string; command: string; strict: boolean }
  | { type: 'abort' };

export type WorkerReply =
  | { type: 'progress'; id: number; bytes: number }
  | { type: 'done'; id: number; report: RunReport }
  | { type: 'error'; id: number; name: string; message: string; stack?: string };
