// parquetjs-lite ships no types; the compat test uses only its reader.
declare module 'parquetjs-lite' {
  interface Cursor {
    next(): Promise<Record<string, unknown> | null>;
  }
  interface Reader {
    getCursor(): Cursor;
    close(): Promise<void>;
  }
  const parquet: { ParquetReader: { openFile(path: string): Promise<Reader> } };
  export default parquet;
}
