/**
 * The setup document: one zod definition, from which the JSON shape checks and the TypeScript
 * types both derive. Units: mm, GeV, ns, T, s. Coordinates: z along the beam, y up, x completing
 * a right-handed frame (x points to the left when looking downstream).
 * Semantic checks (overlaps, channel maps, array lengths) live in validate.ts.
 */
import { z } from 'zod';
import { MATERIAL_NAMES } from './materials.ts';

// Source ids are 10 bits; 896..1023 are multiplexers (DESIGN 5), so detectors use 0..895.
import { FIRST_MULTIPLEXER_ID, MAX_SOURCE_ID } from './limits.ts';
export { FIRST_MULTIPLEXER_ID, MAX_SOURCE_ID };

export const ELEMENT_KINDS = [
  'calorimeter',
  'tracker-strip',
  'straw',
  'counter',
  'veto',
  'magnet',
  'srd',
  'decay-volume',
  'target',
] as const;

export const DIGITIZER_KINDS = ['msadc', 'apv', 'tdc'] as const;

const int = () => z.int();
const nonNegInt = () => z.int().gte(0);
/** An inclusive integer range [first, last]. */
const rangeSchema = z.tuple([nonNegInt(), nonNegInt()]);
const numberOrList = z.union([z.number(), z.array(z.number())]);

const vec3Schema = z.object({ x: z.number(), y: z.number(), z: z.number() }).strict();
const sizeSchema = z.object({ x: z.number().gt(0), y: z.number().gt(0), z: z.number().gt(0) }).strict();

const layerSchema = z
  .object({ material: z.enum(MATERIAL_NAMES), thickness: z.number().gt(0) })
  .strict();
/** A block of layers (e.g. Pb + Sc) repeated `repeat` times; one repetition is one sampling layer. */
const stackBlockSchema = z
  .object({ repeat: int().gte(1).default(1), layers: z.array(layerSchema).min(1) })
  .strict();

const sectionSchema = z
  .object({
    name: z.string().min(1),
    /** Inclusive range of sampling-layer indices (repetitions counted over all blocks). */
    layers: rangeSchema,
  })
  .strict();

const cellsSegmentationSchema = z
  .object({
    type: z.literal('cells'),
    nx: int().gte(1),
    ny: int().gte(1),
    /** Cell pitch in x and y, mm; the cell grid is centred on the element. */
    pitchX: z.number().gt(0),
    pitchY: z.number().gt(0),
    /** Depth sections (e.g. preshower, main), front to back. */
    sections: z.array(sectionSchema).min(1),
    /** Photomultipliers per cell (e.g. 2 for a veto paddle read at both ends). */
    pmtsPerCell: int().gte(1).default(1),
  })
  .strict();

const orientationSchema = z.enum(['x', 'y', 'u', 'v']);
const planeFields = {
  name: z.string().min(1),
  /** Measured coordinate: x (angle 0), y (90 deg), u/v (angle given, default +45 / -45 deg). */
  orientation: orientationSchema,
  /** Angle of the measured direction from +x towards +y, degrees; only for u/v planes. */
  angle: z.number().optional(),
  count: int().gte(1),
  /** Plane position along z relative to the element centre, mm. */
  dz: z.number().default(0),
  /** Shift of the strip pattern along the measured direction, mm. */
  offset: z.number().default(0),
};
const stripPlaneSchema = z.object({ ...planeFields, pitch: z.number().gt(0) }).strict();
const tubePlaneSchema = z.object({ ...planeFields, tubeDiameter: z.number().gt(0) }).strict();

const planesSegmentationSchema = z
  .object({ type: z.literal('planes'), planes: z.array(stripPlaneSchema).min(1) })
  .strict();
const tubesSegmentationSchema = z
  .object({ type: z.literal('tubes'), planes: z.array(tubePlaneSchema).min(1) })
  .strict();

const segmentationSchema = z.discriminatedUnion('type', [
  cellsSegmentationSchema,
  planesSegmentationSchema,
  tubesSegmentationSchema,
]);

const fieldSchema = z
  .object({
    /** Vertical field, T. Positive By bends positive particles towards -x (see track.ts). */
    By: z.number(),
    /** Length of the (uniform, hard-edged) field region along z, mm, centred on the element. */
    length: z.number().gt(0),
  })
  .strict();

// ---- channel maps (COMPASS map style: source id, port, chip channel -> cell or strip)

const sourceSchema = int().gte(0).lte(MAX_SOURCE_ID);
const cellTargetSchema = z.union([
  z.tuple([nonNegInt(), nonNegInt(), nonNegInt()]),
  z.tuple([nonNegInt(), nonNegInt(), nonNegInt(), nonNegInt()]),
]);
const cellAxisSchema = z.enum(['ix', 'iy', 'section', 'pmt']);

/**
 * Ports x channels (channel fastest) assigned in order onto the cells in the given ranges
 * (default: all), iterating the axes in `order` (fastest first; default ix, iy, section, pmt
 * = row-major). The two counts must agree.
 */
const cellRuleSchema = z
  .object({
    source: sourceSchema,
    ports: rangeSchema,
    channels: rangeSchema,
    cells: z
      .object({
        ix: rangeSchema.optional(),
        iy: rangeSchema.optional(),
        section: rangeSchema.optional(),
        pmt: rangeSchema.optional(),
      })
      .strict()
      .default({}),
    order: z.array(cellAxisSchema).optional(),
  })
  .strict();
/** Ports x channels (channel fastest) assigned in order onto strips first..last of one plane. */
const stripRuleSchema = z
  .object({
    source: sourceSchema,
    ports: rangeSchema,
    channels: rangeSchema,
    plane: z.string().min(1),
    strips: rangeSchema,
  })
  .strict();
const cellEntrySchema = z
  .object({ source: sourceSchema, port: nonNegInt(), channel: nonNegInt(), cell: cellTargetSchema })
  .strict();
const stripEntrySchema = z
  .object({
    source: sourceSchema,
    port: nonNegInt(),
    channel: nonNegInt(),
    plane: z.string().min(1),
    strip: nonNegInt(),
  })
  .strict();

const channelMapSchema = z
  .object({
    rules: z.array(z.union([cellRuleSchema, stripRuleSchema])).default([]),
    entries: z.array(z.union([cellEntrySchema, stripEntrySchema])).default([]),
  })
  .strict();

// ---- calibrations: a number applies to every channel, a list gives one value per channel

/**
 * Per-channel MSADC constants; lists are indexed by readout index
 * = cellId * pmtsPerCell + pmt (cellId = ix + nx * (iy + ny * section)).
 */
const cellCalibrationSchema = z
  .object({
    /** Pedestal of even samples (k = 0, 2, ...), ADC counts. */
    pedestalEven: numberOrList,
    /** Pedestal of odd samples, ADC counts (two interleaved ADCs, DESIGN 5). */
    pedestalOdd: numberOrList,
    /** Noise (rms), ADC counts. */
    noise: numberOrList,
    /** Energy per ADC count of pulse amplitude (pedestal subtracted), GeV. */
    gain: numberOrList,
    /** Time offset subtracted from the measured pulse time, ns. */
    timeOffset: numberOrList,
  })
  .strict();

/** APV pedestal/sigma table of one plane; lists are indexed by strip. */
const stripCalibrationSchema = z
  .object({ pedestal: numberOrList, sigma: numberOrList })
  .strict();
const apvCalibrationSchema = z
  .object({
    planes: z.record(z.string(), stripCalibrationSchema),
    /** Energy per ADC count, GeV (approx.; strips mostly give positions). */
    gain: z.number().gt(0),
    timeOffset: z.number(),
  })
  .strict();

const tdcCalibrationSchema = z
  .object({
    /** TDC unit, ns. */
    tdcBin: z.number().gt(0),
    /** Per plane, per tube time offset, ns. */
    planes: z.record(z.string(), z.object({ timeOffset: numberOrList }).strict()),
    /** Drift velocity for a linear r-t relation, mm/ns (approx.). */
    driftVelocity: z.number().gt(0),
  })
  .strict();

const runRangeSchema = z.tuple([nonNegInt(), nonNegInt()]);

const readoutCommon = {
  /** Multiplexer source id (896..1023) carrying this element's S-Link blocks, if any. */
  multiplexer: sourceSchema.optional(),
  map: channelMapSchema,
};

const readoutSchema = z.discriminatedUnion('digitizer', [
  z
    .object({
      digitizer: z.literal('msadc'),
      ...readoutCommon,
      /** Samples per channel (80 MHz, 12.5 ns per sample). */
      samples: int().gte(1).lte(511).default(32),
      calibration: cellCalibrationSchema,
      overrides: z
        .array(z.object({ runs: runRangeSchema, calibration: cellCalibrationSchema.partial() }).strict())
        .default([]),
    })
    .strict(),
  z
    .object({
      digitizer: z.literal('apv'),
      ...readoutCommon,
      calibration: apvCalibrationSchema,
      overrides: z
        .array(
          z.object({ runs: runRangeSchema, calibration: apvCalibrationSchema.partial() }).strict(),
        )
        .default([]),
    })
    .strict(),
  z
    .object({
      digitizer: z.literal('tdc'),
      ...readoutCommon,
      calibration: tdcCalibrationSchema,
      overrides: z
        .array(
          z.object({ runs: runRangeSchema, calibration: tdcCalibrationSchema.partial() }).strict(),
        )
        .default([]),
    })
    .strict(),
]);

const elementSchema = z
  .object({
    name: z.string().min(1),
    kind: z.enum(ELEMENT_KINDS),
    /** Detector family in the hits table (ECAL, HCAL, MM, ...); default: name without trailing digits. */
    detector: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Centre of the element in the global frame, mm. */
    position: vec3Schema,
    /** Full size (box), mm. */
    size: sizeSchema,
    /** Name of an element whose z extent contains this one (allowed to overlap it). */
    inside: z.string().min(1).optional(),
    /** Material stack from the front face, front to back. */
    material: z.array(stackBlockSchema).default([]),
    segmentation: segmentationSchema.optional(),
    field: fieldSchema.optional(),
    readout: readoutSchema.optional(),
  })
  .strict();

const beamSchema = z
  .object({
    particle: z.string().min(1),
    /** Nominal energy, GeV. */
    energy: z.number().gt(0),
    /** Relative rms energy spread (0.01 = 1%). */
    energySpread: z.number().gte(0),
    /** Gaussian rms spot size at the first element, mm. */
    spotSize: z.object({ x: z.number().gt(0), y: z.number().gt(0) }).strict(),
    /** Fractions of other species in the beam, e.g. { "pi-": 0.01 }. */
    contamination: z.record(z.string(), z.number().gte(0).lte(1)).default({}),
    /** Particles per spill. */
    intensityPerSpill: z.number().gt(0),
    /** Spill length, s. */
    spillLength: z.number().gt(0),
  })
  .strict();

export const setupSchema = z
  .object({
    /** Format marker, so a setup file is recognisable. */
    format: z.literal('na64-setup').default('na64-setup'),
    version: z.literal(1).default(1),
    id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-" only'),
    description: z.string(),
    /** Inclusive run range the setup applies to. */
    runs: runRangeSchema,
    beam: beamSchema,
    /** Elements in beam order (increasing z). */
    elements: z.array(elementSchema).min(1),
  })
  .strict();

/** A validated setup (defaults filled in). */
export type Setup = z.output<typeof setupSchema>;
/** A setup as written in JSON (defaults optional). */
export type SetupInput = z.input<typeof setupSchema>;
export type SetupElement = Setup['elements'][number];
export type ElementKind = SetupElement['kind'];
export type Beam = Setup['beam'];
export type MaterialBlock = SetupElement['material'][number];
export type Segmentation = NonNullable<SetupElement['segmentation']>;
export type CellSegmentation = Extract<Segmentation, { type: 'cells' }>;
export type PlaneSegmentation = Extract<Segmentation, { type: 'planes' }>;
export type TubeSegmentation = Extract<Segmentation, { type: 'tubes' }>;
export type StripPlane = PlaneSegmentation['planes'][number];
export type TubePlane = TubeSegmentation['planes'][number];
export type MagneticField = NonNullable<SetupElement['field']>;
export type Readout = NonNullable<SetupElement['readout']>;
export type DigitizerKind = Readout['digitizer'];
export type ChannelMap = Readout['map'];
export type ChannelMapRule = ChannelMap['rules'][number];
export type ChannelMapEntry = ChannelMap['entries'][number];
export type CellCalibration = Extract<Readout, { digitizer: 'msadc' }>['calibration'];
export type ApvCalibration = Extract<Readout, { digitizer: 'apv' }>['calibration'];
export type TdcCalibration = Extract<Readout, { digitizer: 'tdc' }>['calibration'];
