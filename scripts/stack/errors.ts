// The one error type the stack launcher throws: its message is a single human-readable line
// that `npm start` / `npm test` print as-is, so it must say what failed and what to do about it.
export class StackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StackError';
  }
}
