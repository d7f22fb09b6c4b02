/** The setups shipped with the toolkit, by id. */
import type { SetupInput } from '../schema.ts';
import { invis2018 } from './invis-2018.ts';
import { mu2022 } from './mu-2022.ts';
import { vis2018 } from './vis-2018.ts';

export const BUNDLED_SETUPS: readonly SetupInput[] = [invis2018, vis2018, mu2022];
