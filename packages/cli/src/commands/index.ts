import type { CommandModule } from 'yargs';
import { infoCommand } from './info.ts';
import { validateCommand } from './validate.ts';
import { indexCommand } from './index-command.ts';
import { setupsCommand } from './setups.ts';
import { convertCommand } from './convert.ts';
import { displayCommand } from './display.ts';
import { exportCommand } from './export.ts';
import { selectCommand } from './select.ts';
import { simulateCommand } from './simulate.ts';
import { demoCommand } from './demo.ts';

/** Every `na64` sub-command, in the order `na64 --help` lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [infoCommand, validateCommand, indexCommand, setupsCommand, convertCommand, displayCommand, exportCommand, simulateCommand, selectCommand, demoCommand];
