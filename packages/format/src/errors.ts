/**
 * An input problem found by the format library: a file that is not what it should be.
 * `message` is one line naming the file (and byte offset or row when known) and what was expected.
 */
export class FormatError extends Error {
  readonly file: string | undefined;
  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super(options.file ? `${options.file}: ${message}` : message, { cause: options.cause });
    this.name = 'FormatError';
    this.file = options.file;
  }
}
