// Source id limits (DESIGN 5), apart from the setup schema so that the raw codec's light entry
// does not load the schema validator.

/** Source ids are 10 bits. */
export const MAX_SOURCE_ID = 1023;
/** 896..1023 are multiplexers (equipment carrying other sources' blocks), so detectors use 0..895. */
export const FIRST_MULTIPLEXER_ID = 896;
