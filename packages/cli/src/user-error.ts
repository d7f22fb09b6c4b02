/**
 * An error caused by the user's input (a bad file, a wrong argument).
 * The CLI prints its message as one line and exits with `exitCode`, never with a stack trace.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}
