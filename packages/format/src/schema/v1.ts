import type { ColumnDef, TableDef } from './column-types.ts';

/**
 * Schema v1: the single definition every table, Arrow schema, row type and SCHEMA.md derive from.
 * Units: GeV, mm, ns, rad; absolute timestamps in s since the Unix epoch (DATE header time).
 * Column names marked "contract" in SCHEMA.md are fixed: external tools rely on them.
 */
export const SCHEMA_NAME = 'na64-event-data';
export const SCHEMA_VERSION = 1;

const col = <const N extends string, const K extends ColumnDef['kind']>(
  name: N,
  kind: K,
  unit: string,
  doc: string,
) => ({ name, kind, unit, doc }) as const;

const KEY = [
  col('run', 'int32', '', 'Run number.'),
  col('spill', 'int32', '', 'Spill number in the run.'),
  col('event', 'int32', '', 'Event number in the spill.'),
] as const;

const CELL = [
  col('ix', 'int32', '', 'Cell column (x index), -1 for strip detectors.'),
  col('iy', 'int32', '', 'Cell row (y index), -1 for strip detectors.'),
  col('layer', 'int32', '', 'Depth section of a calorimeter cell (0 = front), -1 for strip detectors.'),
  col('plane', 'int32', '', 'Tracker plane index within the detector, -1 for cell detectors.'),
] as const;

const offsetsInto = (table: string) =>
  [
    col(`${table}_offset`, 'int32', '', `Row of this event's first ${table} row within its run partition of ${table} (rows counted over the run's part files in order).`),
    col(`${table}_count`, 'int32', '', `Number of ${table} rows of this event.`),
  ] as const;

export const TABLES_V1 = {
  spills: {
    name: 'spills',
    row: 'spill',
    columns: [
      ...KEY.slice(0, 2),
      col('event', 'int32', '', 'Always -1: a spill row is not an event (kept so every table has the key columns).'),
      col('start_time', 'float64', 's', 'Start of spill (SOB time), s since the Unix epoch.'),
      col('end_time', 'float64', 's', 'End of spill (EOB time), s since the Unix epoch.'),
      col('n_events', 'int32', '', 'Physics events recorded in the spill.'),
      col('eot', 'float64', '', 'Electrons (beam particles) on target counted by the beam-counter scaler in the spill.'),
      col('beam_particle', 'utf8', '', 'Beam particle name (e-, e+, mu-, pi-).'),
      col('beam_energy', 'float32', 'GeV', 'Nominal beam energy.'),
      col('setup_id', 'utf8', '', 'Setup (geometry + calibration) id used for this spill.'),
    ],
  },
  events: {
    name: 'events',
    row: 'triggered event',
    columns: [
      ...KEY,
      col('event_in_run', 'int32', '', 'Event number in the run.'),
      col('trigger_mask', 'int32', '', 'Trigger pattern bits.'),
      col('time', 'float64', 's', 'Event time, s since the Unix epoch.'),
      col('weight', 'float64', '', 'Event weight (1 for data; 1/bias for biased simulation).'),
      col('e_ecal', 'float32', 'GeV', 'ECAL energy sum (preshower + main).'),
      col('e_ecal_pre', 'float32', 'GeV', 'ECAL preshower energy sum.'),
      col('e_hcal', 'float32', 'GeV', 'HCAL energy sum over all modules.'),
      col('e_hcal_modules', 'list<float32>', 'GeV', 'HCAL energy per module in beam order.'),
      col('e_wcal', 'float32', 'GeV', 'WCAL energy sum (visible mode; 0 without WCAL).'),
      col('e_veto', 'float32', 'GeV', 'VETO energy sum.'),
      col('e_srd', 'float32', 'GeV', 'Synchrotron radiation detector energy sum.'),
      col('ecal_cog_x', 'float32', 'mm', 'ECAL shower centre of gravity, x (NaN without ECAL energy).'),
      col('ecal_cog_y', 'float32', 'mm', 'ECAL shower centre of gravity, y (NaN without ECAL energy).'),
      col('p_in', 'float32', 'GeV', 'Reconstructed incoming momentum (NaN when no track).'),
      col('n_tracks', 'int32', '', 'Number of reconstructed tracks.'),
      col('tags', 'int32', '', 'Candidate tag bit flags (see "Tags").'),
      ...offsetsInto('digits'),
      ...offsetsInto('hits'),
      ...offsetsInto('tracks'),
      ...offsetsInto('truth'),
    ],
  },
  digits: {
    name: 'digits',
    row: 'read-out channel with signal',
    columns: [
      ...KEY,
      col('detector', 'utf8', '', 'Detector element name from the setup (ECAL, HCAL, MM1, ST1, ...).'),
      col('channel', 'int32', '', 'Channel number within the detector.'),
      ...CELL,
      col('strip', 'int32', '', 'Strip or tube number within the plane, -1 for cell detectors.'),
      col('source_id', 'int32', '', 'DAQ source id (S-Link) the channel came from.'),
      col('port', 'int32', '', 'Port on the source (ADC or chip number).'),
      col('chip_channel', 'int32', '', 'Channel on the chip.'),
      col('samples', 'list<int16>', 'ADC counts', 'Raw ADC samples (MSADC: 12.5 ns apart; APV: 3 frames 25 ns apart); empty for TDC channels.'),
      col('tdc', 'int32', 'TDC counts', 'TDC time, -1 for ADC channels.'),
    ],
  },
  hits: {
    name: 'hits',
    row: 'calibrated hit or cluster',
    columns: [
      ...KEY,
      col('detector', 'utf8', '', 'Detector (ECAL, HCAL, WCAL, VETO, SRD, MM, GEM, ST, S, V, ...).'),
      ...CELL,
      col('strip', 'float32', '', 'Charge-weighted centroid strip of a cluster, NaN for cell detectors.'),
      col('cluster_size', 'int32', '', 'Strips in the cluster (1 for cells).'),
      col('energy', 'float32', 'GeV', 'Deposited energy (calorimeters, counters); 0 for tracker clusters.'),
      col('charge', 'float32', 'ADC counts', 'Pulse amplitude or cluster charge.'),
      col('time', 'float32', 'ns', 'Hit time relative to the trigger.'),
      col('x', 'float32', 'mm', 'Global x of the cell centre or measured coordinate (NaN if not measured).'),
      col('y', 'float32', 'mm', 'Global y of the cell centre or measured coordinate (NaN if not measured).'),
      col('z', 'float32', 'mm', 'Global z of the cell centre or plane.'),
      col('truth', 'int32', '', 'Row index into truth of the same event, -1 none.'),
    ],
  },
  tracks: {
    name: 'tracks',
    row: 'reconstructed track segment',
    columns: [
      ...KEY,
      col('station', 'int32', '', 'Tracking station group (0 upstream of the magnets, 1 downstream, ...).'),
      col('charge', 'int32', '', 'Charge sign (+1, -1, 0 unknown).'),
      col('momentum', 'float32', 'GeV', 'Momentum magnitude (NaN when not measured).'),
      col('x', 'float32', 'mm', 'Position x at the reference z.'),
      col('y', 'float32', 'mm', 'Position y at the reference z.'),
      col('z', 'float32', 'mm', 'Reference z.'),
      col('tx', 'float32', 'rad', 'Slope dx/dz.'),
      col('ty', 'float32', 'rad', 'Slope dy/dz.'),
      col('chi2', 'float32', '', 'Fit chi-square.'),
      col('ndf', 'int32', '', 'Fit degrees of freedom.'),
      col('hits', 'list<int32>', '', 'Row indices into hits of the same event.'),
    ],
  },
  truth: {
    name: 'truth',
    row: 'simulated particle',
    columns: [
      ...KEY,
      col('pdg', 'int32', '', 'PDG particle code (A\' / X17: 9900022 as in DMG4).'),
      col('parent', 'int32', '', 'Row index of the parent particle in the same event, -1 for primaries.'),
      col('process', 'utf8', '', 'Creating process (primary, a-prime, decay, conversion, brems, synchrotron, ...).'),
      col('vx', 'float32', 'mm', 'Production vertex x.'),
      col('vy', 'float32', 'mm', 'Production vertex y.'),
      col('vz', 'float32', 'mm', 'Production vertex z.'),
      col('px', 'float32', 'GeV', 'Momentum x at production.'),
      col('py', 'float32', 'GeV', 'Momentum y at production.'),
      col('pz', 'float32', 'GeV', 'Momentum z at production.'),
      col('e', 'float32', 'GeV', 'Energy at production.'),
      col('end_x', 'float32', 'mm', 'End point x (absorbed, decayed or left the setup).'),
      col('end_y', 'float32', 'mm', 'End point y.'),
      col('end_z', 'float32', 'mm', 'End point z.'),
      col('weight', 'float64', '', 'Weight of the event this particle belongs to (1/bias for biased processes; repeated on every row of the event).'),
    ],
  },
} as const satisfies Record<string, TableDef>;

export type TableName = keyof typeof TABLES_V1;
export const TABLE_NAMES = Object.keys(TABLES_V1) as TableName[];

/** Column names fixed by contract (DESIGN 4); tests check they exist with these names. */
export const CONTRACT_COLUMNS: Record<TableName, readonly string[]> = {
  spills: ['run', 'spill', 'event', 'eot', 'n_events', 'beam_particle', 'beam_energy'],
  events: ['run', 'spill', 'event', 'event_in_run', 'trigger_mask', 'time', 'weight', 'e_ecal', 'e_hcal', 'e_wcal', 'e_veto', 'e_srd', 'n_tracks', 'tags'],
  digits: ['run', 'spill', 'event', 'detector', 'channel', 'samples'],
  hits: ['run', 'spill', 'event', 'detector', 'energy', 'time', 'x', 'y', 'z', 'truth'],
  tracks: ['run', 'spill', 'event', 'momentum', 'chi2', 'ndf'],
  truth: ['run', 'spill', 'event', 'pdg', 'parent', 'process', 'vx', 'vy', 'vz', 'px', 'py', 'pz', 'e'],
};

/** Candidate tag bits of events.tags. */
export const TAGS = {
  invisible: { bit: 1, doc: 'Invisible-mode candidate: SRD-tagged incoming electron, ECAL below threshold, no VETO, quiet HCAL.' },
  dimuon: { bit: 2, doc: 'Dimuon candidate (gamma -> mu+ mu- reference): low ECAL, MIP-like deposits in every HCAL module.' },
  x17: { bit: 4, doc: 'Visible-mode X17 candidate: E_WCAL + E_ECAL near E0, no V2 signal, two charged particles in S4.' },
  srd_tagged: { bit: 8, doc: 'Incoming particle identified as an electron by the SRD.' },
  pileup: { bit: 16, doc: 'Out-of-time energy in a calorimeter suggests pile-up.' },
} as const;
export type TagName = keyof typeof TAGS;

/** Tables whose rows belong to events; events carries `<table>_offset` / `<table>_count` for each. */
export const EVENT_COLLECTIONS = ['digits', 'hits', 'tracks', 'truth'] as const satisfies readonly TableName[];
export type EventCollection = (typeof EVENT_COLLECTIONS)[number];
