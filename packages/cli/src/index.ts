export { buildCli, runCli, TOOL_NAME } from './cli.ts';
export { UserError } from './user-error.ts';
