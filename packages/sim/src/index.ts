// @na64/sim public API.

// Random numbers
export { Rng, createRng, streamRng, LANDAU_MODE } from './random/rng.ts';
export { Azimuth } from './random/azimuth.ts';
export { landauPdf, landauCdf, sampleStandardLandau } from './random/landau.ts';

// Special functions and constants
export { lnGamma, gammaFunction, gammaP, gammaQ, erf, erfc } from './physics/special.ts';
export {
  ALPHA,
  ELECTRON_MASS,
  MUON_MASS,
  PROTON_MASS,
  PION_MASS,
  HBARC_GEV_MM,
  HBARC2_GEV2_PB,
  C_MM_PER_NS,
  ELECTRON_RADIUS_MM,
  AVOGADRO,
  BETHE_K_MEV_CM2_PER_MOL,
  GEV_PER_TESLA_METRE,
  PB_TO_MM2,
  MOLIERE_SCALE_ENERGY,
} from './physics/constants.ts';

// Materials (inputs only)
export type { MaterialParams } from './physics/materials.ts';
export { atomsPerMm3, radiationLengthGcm2, meanExcitationEnergy, zOverA } from './physics/materials.ts';

// EM showers (GFlash)
export type {
  Resolution,
  EmCalorimeterParams,
  GflashLongitudinalParams,
  ProfileShape,
  EmShowerOptions,
  EmShower,
  LateralParams,
  EmSpots,
} from './physics/em-shower.ts';
export {
  NA64_ECAL_RESOLUTION,
  homogeneousCalorimeter,
  samplingCalorimeter,
  moliereRadiusFrom,
  gflashLongitudinalParams,
  longitudinalFraction,
  gflashMedianProfile,
  sampleGflashProfile,
  simulateEmShower,
  gflashLateralParams,
  sampleLateralRadius,
  gflashSpotCount,
  sampleEmSpots,
} from './physics/em-shower.ts';

// MIP energy loss
export type { LandauParams } from './physics/mip.ts';
export { densityEffect, landauParams, sampleMipDeposit } from './physics/mip.ts';

// Hadronic showers
export type { HadronCalorimeterParams, BockParams, HadronShower } from './physics/hadron-shower.ts';
export {
  NA64_HCAL_RESOLUTION,
  bockParams,
  hadronLongitudinalFraction,
  simulateHadronShower,
  sampleHadronLateralRadius,
} from './physics/hadron-shower.ts';

// Dark photon production
export type { Nucleus, DarkPhotonYieldInput } from './physics/dark-photon.ts';
export {
  darkPhotonFormFactor,
  darkPhotonChi,
  DARK_PHOTON_K_TABLE,
  darkPhotonKFactor,
  darkPhotonCrossSectionIWW,
  darkPhotonCrossSection,
  darkPhotonDsigmaDxWW,
  darkPhotonXShape,
  darkPhotonXRange,
  DarkPhotonXSampler,
  darkPhotonFractionAbove,
  darkPhotonCrossSectionAbove,
  interactionRatePerMm,
  biasedEmission,
  primaryElectronIntegral,
  primaryElectronTrackLength,
  darkPhotonYieldPerEot,
} from './physics/dark-photon.ts';

// A'/X17 decay and kinematics
export type { FourMomentum } from './physics/decay.ts';
export {
  darkPhotonWidthEE,
  properDecayLength,
  darkPhotonDecayLength,
  sampleDecayDistance,
  boost,
  twoBodyDecay,
  decayDarkPhotonToEE,
  openingAngle,
  minimumOpeningAngle,
} from './physics/decay.ts';

// Dimuon production
export type { MuonPair } from './physics/dimuon.ts';
export {
  DIMUON_THRESHOLD,
  dimuonCrossSection,
  dimuonCrossSectionAsymptotic,
  pairConversionCrossSection,
  sampleDimuonXPlus,
  sampleDimuonPair,
} from './physics/dimuon.ts';

// Synchrotron radiation
export {
  bendingRadius,
  synchrotronCriticalEnergy,
  synchrotronPhotonCount,
  synchrotronMeanPhotonEnergy,
  integralK53,
  besselK,
  sampleSynchrotronX,
  sampleSynchrotronPhotons,
} from './physics/synchrotron.ts';

// Multiple scattering
export type { ScatterResult } from './physics/multiple-scattering.ts';
export { highlandTheta0, sampleMultipleScattering, deflect } from './physics/multiple-scattering.ts';

// Fast simulation: setup model, transport, processes, run structure, truth
export type {
  SimSetup,
  ElementModel,
  SectionModel,
  MaterialSlab,
  ReadoutModel,
  MsadcReadout,
  ApvReadout,
  TdcReadout,
  PlaneModel,
} from './sim/setup-model.ts';
export { buildSimSetup, materialParams } from './sim/setup-model.ts';
export type { PlaneCrossing, ElementSignals } from './sim/signals.ts';
export { EventSignals, TruthList, PDG_DARK_PHOTON } from './sim/signals.ts';
export type { Particle, ProcessConfig, EventSummary } from './sim/transport.ts';
export { Transport, EVENT_FLAGS, particleOfName } from './sim/transport.ts';
export type { EmissionPoint, DarkPhotonSetup } from './sim/processes.ts';
export { DarkPhotonProcess, DimuonProcess, samplePrimaryEnergy } from './sim/processes.ts';
export type {
  ProcessName,
  TruthLevel,
  SimulationOptions,
  ResolvedOptions,
  RunPhysics,
  EventPosition,
  SimulatedBlock,
} from './sim/run.ts';
export {
  PROCESS_NAMES,
  TRUTH_LEVELS,
  SIM_EPOCH_S,
  SPILL_CYCLE_S,
  MIXED_FRACTION,
  SimulationError,
  RunSimulator,
  resolveOptions,
  configureProcesses,
  eventPosition,
} from './sim/run.ts';
export type { TruthData } from './sim/truth.ts';
export { TruthColumns } from './sim/truth.ts';
export { truthSidecarPath } from '@na64/format';
export { encodeTruthParquet } from './sim/truth-parquet.ts';

// Digitizers (one interface per detector kind) and raw event assembly
export type {
  Digitizer,
  DigitizerKind,
  DigitizerContext,
  ChannelSink,
  MsadcChannelOut,
  TdcHitOut,
} from './digitize/types.ts';
export { fastNormal, inverseNormal, normalCdf, normalCdfFast } from './digitize/types.ts';
export type { MsadcOptions } from './digitize/msadc.ts';
export { MsadcDigitizer, MSADC_ZS_SIGMA } from './digitize/msadc.ts';
export {
  ApvDigitizer,
  apvShape,
  APV_SHAPING_NS,
  APV_FRAME_NS,
  APV_FRAME_TIMES_NS,
  APV_CLOUD_MM,
  APV_GAIN_SPREAD,
  APV_ZS_SIGMA,
  APV_MAX_COUNT,
} from './digitize/apv.ts';
export { TdcDigitizer, STRAW_T0_NS, STRAW_RESOLUTION_MM } from './digitize/tdc.ts';
export type { PhysicsEventKey } from './digitize/raw-builder.ts';
export { RawEventBuilder, EQUIPMENT_TYPE } from './digitize/raw-builder.ts';
export { PayloadCollector } from './digitize/payload-collector.ts';
