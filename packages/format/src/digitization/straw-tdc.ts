/**
 * Straw TDC timing shared by the digitizer and the reconstruction: a hit at drift radius r gives
 *   tdc = round((STRAW_T0_NS + timeOffset(tube) + particle time + r / driftVelocity) / tdcBin),
 * so the drift time is tdc * tdcBin - STRAW_T0_NS - timeOffset(tube). STRAW_T0_NS is the fixed
 * delay of an in-time hit in the TDC window (our documented choice; NA64's straw TDC is not public).
 */
export const STRAW_T0_NS = 100;
