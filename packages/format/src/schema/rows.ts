import type { ArrowInputColumnOf, BatchColumnOf, ValueOf } from './column-types.ts';
import { TABLES_V1, type TableName } from './v1.ts';

type ColumnsOf<T extends TableName> = (typeof TABLES_V1)[T]['columns'][number];

/** One row of a table as a plain object (for tests, the display and small tools; not the hot path). */
export type RowOf<T extends TableName> = {
  [C in ColumnsOf<T> as C['name']]: ValueOf<C['kind']>;
};

/** A batch of rows of a table, column-wise: typed arrays, string arrays and list columns. */
export type BatchOf<T extends TableName> = {
  [C in ColumnsOf<T> as C['name']]: BatchColumnOf<C['kind']>;
};

/** A batch as `batchToArrow` takes it: text columns may also be coded strings. */
export type ArrowInputOf<T extends TableName> = {
  [C in ColumnsOf<T> as C['name']]: ArrowInputColumnOf<C['kind']>;
};

export type ColumnName<T extends TableName> = ColumnsOf<T>['name'];

export type SpillRow = RowOf<'spills'>;
export type EventRow = RowOf<'events'>;
export type DigitRow = RowOf<'digits'>;
export type HitRow = RowOf<'hits'>;
export type TrackRow = RowOf<'tracks'>;
export type TruthRow = RowOf<'truth'>;
