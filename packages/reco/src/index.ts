// @na64/reco: digits -> calibrated hits -> tracks -> event summaries -> candidate tags.
// Explicit named exports only.

// --- entry point
export { reconstructBundle } from './reconstruct.ts';
export type { RecoBundleInput, RecoBundleOutput } from './reconstruct.ts';

// --- pulse shapes (shared with the digitizer)
export {
  msadcPulseTemplate,
  msadcPulseTemplateDerivative,
  apvPulseShape,
  MSADC_SAMPLE_NS,
  MSADC_TRIGGER_NS,
  MSADC_PEDESTAL_SAMPLES,
  MSADC_MAX,
  MSADC_TAU_NS,
  APV_TAU_NS,
  APV_FRAME_NS,
  APV_MAX,
} from './pulse-template.ts';
export { fitMsadcPulse, newPulseFit, MSADC_HALF_MAX_LEAD_NS, PULSE_SATURATED, PULSE_FALLBACK, PULSE_CALIBRATION_PEDESTAL } from './pulse-fit.ts';
export type { PulseFit } from './pulse-fit.ts';

// --- configuration
export {
  defaultRecoConfig,
  defaultSelectionConfig,
  resolveSelectionConfig,
  parseSelectionOverride,
  selectionConfigFromJson,
  mipEnergy,
  SelectionConfigError,
} from './config.ts';
export type { RecoConfig, SelectionConfig, SelectionOverride } from './config.ts';

// --- selection
export { computeTags, TAG_INVISIBLE, TAG_DIMUON, TAG_X17, TAG_SRD, TAG_PILEUP } from './selection.ts';
export type { EventSummary } from './selection.ts';

// --- detector model (lookup tables of a setup)
export { setupModel } from './detector-model.ts';
export type { SetupModel, ElementModel, PlaneModel, TrackPlane, GroupLink, ModelOptions } from './detector-model.ts';
