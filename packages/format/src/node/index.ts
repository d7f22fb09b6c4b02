// Node-only entry of @na64/format (file system, worker threads).

// --- datasets
export { RunWriter } from './run-writer.ts';
export type { RunWriterOptions, EventBundle } from './run-writer.ts';
export { rebuildDatasetIndex, readRunManifests } from './dataset-index.ts';
export { openDataset } from './open-dataset.ts';
export { reindexDataset } from './reindex.ts';
export { FsDatasetStore } from './fs-store.ts';
export { writeFileAtomic } from './atomic-write.ts';

// --- setups
export { loadSetup } from './setup-file.ts';

// --- raw sources
export { openRawFile, openRawFiles, rawStdin, rawFromReadable } from './raw-sources.ts';
export type { RawSourceOptions } from './raw-sources.ts';
export { atomicFileSink } from './file-sink.ts';
export type { FileSink } from './file-sink.ts';

// --- worker threads
export { siblingModule, startWorker } from './start-worker.ts';
