import yargs from 'yargs';
import type { Argv, CommandModule } from 'yargs';
import { isUserFacingError } from './errors.ts';
import { commands } from './commands/index.ts';

export const TOOL_NAME = 'na64';

/** Builds the yargs parser with every command registered. */
export function buildCli(argv: string[]): Argv {
  let cli = yargs(argv)
    .scriptName(TOOL_NAME)
    .strict()
    .demandCommand(1, 'Name a command; see na64 --help.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`na64: ${msg} (see na64 --help)\n`);
      process.exit(1);
    });
  for (const command of commands) cli = cli.command(command as CommandModule);
  return cli;
}

/** Runs the CLI; user mistakes become one-line messages and an exit code, bugs keep their stack. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli(argv).parseAsync();
  } catch (error) {
    if (isUserFacingError(error)) {
      process.stderr.write(`na64: ${error.message}\n`);
      process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
      return;
    }
    throw error;
  }
}
