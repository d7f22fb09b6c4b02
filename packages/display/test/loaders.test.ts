import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Dataset, arrowToRows } from '@na64/format';
import { FsDatasetStore } from '@na64/format/node';
import { DatasetEventLoader, MemoryEventLoader } from '@na64/display';
import { writeDisplayDataset, type DisplayDataset } from '../../../test/helpers/display-dataset.ts';
import { loaderConformance } from './loader-conformance.ts';

let dir: string;
let data: DisplayDataset;
let memory: MemoryEventLoader;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'na64-display-loaders-'));
  data = await writeDisplayDataset(join(dir, 'ds'), { setupId: 'vis-2018' });
  // The memory loader holds the very same rows, read back from the files.
  const ds = await Dataset.open(new FsDatasetStore(data.dir));
  memory = new MemoryEventLoader({
    setupId: data.setupId,
    spills: arrowToRows('spills', await ds.readTable('spills')),
    events: arrowToRows('events', await ds.readTable('events')),
    hits: arrowToRows('hits', await ds.readTable('hits')),
    tracks: arrowToRows('tracks', await ds.readTable('tracks')),
    truth: arrowToRows('truth', await ds.readTable('truth')),
  });
  ds.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

loaderConformance('DatasetEventLoader (files)', async () => new DatasetEventLoader(await Dataset.open(new FsDatasetStore(data.dir))), () => data);
loaderConformance('MemoryEventLoader', async () => memory, () => data);
