import { SCHEMA_NAME, SCHEMA_VERSION, type TableName } from './v1.ts';

/** Key-value metadata every Parquet file of a dataset carries. */
export interface FileMetadata {
  schema: string;
  schemaVersion: number;
  table: TableName;
  run: number;
  setupId: string;
  toolVersion: string;
  command: string;
}

export const METADATA_KEYS = {
  schema: 'na64.schema',
  schemaVersion: 'na64.schema_version',
  table: 'na64.table',
  run: 'na64.run',
  setupId: 'na64.setup_id',
  toolVersion: 'na64.tool_version',
  command: 'na64.command',
} as const satisfies Record<keyof FileMetadata, string>;

export function fileMetadataToMap(meta: FileMetadata): Map<string, string> {
  return new Map([
    [METADATA_KEYS.schema, meta.schema],
    [METADATA_KEYS.schemaVersion, String(meta.schemaVersion)],
    [METADATA_KEYS.table, meta.table],
    [METADATA_KEYS.run, String(meta.run)],
    [METADATA_KEYS.setupId, meta.setupId],
    [METADATA_KEYS.toolVersion, meta.toolVersion],
    [METADATA_KEYS.command, meta.command],
  ]);
}

/** Reads our keys back; missing keys come back as undefined so callers can say what is missing. */
export function fileMetadataFromMap(map: ReadonlyMap<string, string>): Partial<FileMetadata> {
  const version = map.get(METADATA_KEYS.schemaVersion);
  const run = map.get(METADATA_KEYS.run);
  return {
    schema: map.get(METADATA_KEYS.schema),
    schemaVersion: version === undefined ? undefined : Number(version),
    table: map.get(METADATA_KEYS.table) as TableName | undefined,
    run: run === undefined ? undefined : Number(run),
    setupId: map.get(METADATA_KEYS.setupId),
    toolVersion: map.get(METADATA_KEYS.toolVersion),
    command: map.get(METADATA_KEYS.command),
  };
}

export function newFileMetadata(table: TableName, run: number, setupId: string, toolVersion: string, command: string): FileMetadata {
  return { schema: SCHEMA_NAME, schemaVersion: SCHEMA_VERSION, table, run, setupId, toolVersion, command };
}
