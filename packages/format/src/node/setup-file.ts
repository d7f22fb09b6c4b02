// Node-only: load a setup by bundled id or from a JSON file.
import { readFileSync } from 'node:fs';
import { FormatError } from '../errors.ts';
import { bundledSetupIds, getSetup, isBundledSetup } from '../setup/registry.ts';
import type { Setup } from '../setup/schema.ts';
import { parseSetup } from '../setup/validate.ts';

/**
 * A setup from a bundled id (e.g. "invis-2018") or a path to a setup JSON file. A bundled id
 * wins when both would match. Throws FormatError naming the file for unreadable or invalid input.
 */
export function loadSetup(idOrPath: string): Setup {
  if (isBundledSetup(idOrPath)) return getSetup(idOrPath);
  let text: string;
  try {
    text = readFileSync(idOrPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const looksLikeId = !/[\\/]|\.json$/i.test(idOrPath);
    const reason =
      code === 'ENOENT'
        ? looksLikeId
          ? `no bundled setup or file of that name (bundled: ${listIds()})`
          : 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a setup file'
          : `cannot read (${code ?? (error as Error).message})`;
    throw new FormatError(reason, { file: idOrPath, cause: error });
  }
  return parseSetup(text, idOrPath);
}

function listIds(): string {
  return bundledSetupIds().join(', ');
}
