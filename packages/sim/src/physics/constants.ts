/**
 * Physical constants in the toolkit's units (GeV, mm, ns). Values: PDG Review of Particle
 * Physics, "Physical constants" table (R.L. Workman et al., PTEP 2022 083C01 and 2024 update).
 */

/** Fine-structure constant alpha = 1/137.035999 (PDG). */
export const ALPHA = 1 / 137.035999084;
/** Electron mass in GeV (PDG: 0.51099895 MeV). */
export const ELECTRON_MASS = 0.51099895e-3;
/** Muon mass in GeV (PDG: 105.6583755 MeV). */
export const MUON_MASS = 0.1056583755;
/** Proton mass in GeV (PDG: 938.27208816 MeV). */
export const PROTON_MASS = 0.93827208816;
/** Charged pion mass in GeV (PDG: 139.57039 MeV). */
export const PION_MASS = 0.13957039;
/** hbar c in GeV mm (PDG: 197.3269804 MeV fm). */
export const HBARC_GEV_MM = 197.3269804e-3 * 1e-12;
/** (hbar c)^2 in GeV^2 pb (PDG: 0.3893793721 GeV^2 mbarn). */
export const HBARC2_GEV2_PB = 0.3893793721e9;
/** Speed of light in mm/ns (PDG: 299792458 m/s exactly). */
export const C_MM_PER_NS = 299.792458;
/** Classical electron radius r_e in mm (PDG: 2.8179403262 fm). */
export const ELECTRON_RADIUS_MM = 2.8179403262e-12;
/** Avogadro constant per mol (PDG: 6.02214076e23, exact). */
export const AVOGADRO = 6.02214076e23;
/** Coefficient K = 4 pi N_A r_e^2 m_e c^2 in MeV cm^2/mol (PDG: 0.307075). */
export const BETHE_K_MEV_CM2_PER_MOL = 0.307075;
/** Momentum of a unit-charge particle per tesla-metre of bending: p[GeV] = 0.299792458 B[T] rho[m]. */
export const GEV_PER_TESLA_METRE = 0.299792458;
/** 1 pb = 1e-36 cm^2 = 1e-34 mm^2. */
export const PB_TO_MM2 = 1e-34;
/** Scale energy E_s = m_e c^2 sqrt(4 pi / alpha) = 21.2052 MeV, in GeV (PDG, Moliere radius). */
export const MOLIERE_SCALE_ENERGY = 0.0212052;
