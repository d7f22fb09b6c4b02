// @na64/display: scene building (pure, testable in Node), event loaders and the Phoenix export.
// The browser app lives in src/app (built with Vite); Node build helpers in @na64/display/node.

// --- colours
export { VIRIDIS_STOPS, hexToRgb, rgbToHex, paletteColor, energyFraction, energyColor, autoEnergyRange, momentumColor, KIND_COLORS } from './colors.ts';
export type { Rgb, EnergyScale, EnergyRange } from './colors.ts';

// --- expressions for candidate lists

// --- setup and event descriptions (no three.js)
export { describeSetup, describeElement, elementInfo, gridSegmentCount, defaultTransverseScale, transverseScale } from './setup-scene.ts';
export type { SetupDescription, ElementDescription, PlaneDescription } from './setup-scene.ts';
export {
  APRIME_PDG,
  INVISIBLE_PDG,
  pdgCharge,
  pdgName,
  resolveElement,
  describeCells,
  describeStrips,
  describeTracks,
  describeTruth,
  cellBoxFraction,
  smoothTrack,
  trackEndZ,
} from './event-scene.ts';
export type { CellOptions, CellInstances, StripSegments, Polyline, TruthDescription } from './event-scene.ts';
export { Columns } from './columns.ts';
export { summarizeEvent, tagNames, parseEventKey, VETO_THRESHOLD } from './summary.ts';
export type { EventSummary } from './summary.ts';

// --- three.js objects
export {
  pickTarget,
  buildElement,
  faceTranslucentBoxes,
  buildSetupGroup,
  buildCellMesh,
  buildStrips,
  buildPolylines,
  buildVertexMarkers,
  buildEventGroup,
  setTransverseScale,
  viewCamera,
} from './three-scene.ts';
export type { PickTarget, EventObjects, EventSceneOptions, ViewName } from './three-scene.ts';

// --- loaders
export { DatasetEventLoader, MemoryEventLoader, openHttpLoader, completeRow } from './loader.ts';
export type { EventLoader, LoadedEvent, DatasetSummary, MemoryEventSource } from './loader.ts';

// --- Phoenix export
export { toPhoenixEvent, phoenixEventName } from './phoenix.ts';
export type { PhoenixEvent, PhoenixDocument } from './phoenix.ts';

// --- URL state
export { parseUrlState, formatUrlState } from './url-state.ts';
export type { UrlState } from './url-state.ts';

// --- the browser app (embedding: new DisplayApp(element).openUrl(datasetUrl))
export { DisplayApp, CANDIDATE_LISTS } from './app/display-app.ts';
export type { DisplayAppOptions, BenchLayout } from './app/display-app.ts';
