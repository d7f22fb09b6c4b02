#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { runCli } from './cli.ts';

await runCli(hideBin(process.argv));
