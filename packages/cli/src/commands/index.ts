import type { CommandModule } from 'yargs';

/** Every `na64` sub-command, in the order `na64 --help` lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [];
