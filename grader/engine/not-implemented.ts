/**
 * The error every exercise stub throws until the student writes the function. The kit reports an
 * exercise whose failures are all NotImplemented as "not started", not as a wall of failures.
 */
export class NotImplemented extends Error {
  override name = 'NotImplemented';
  readonly exercise: string;
  readonly fn: string;

  constructor(exercise: string, fn: string) {
    super(`${exercise}: ${fn}() is not implemented yet (see exercises/${exercise}/README.md)`);
    this.exercise = exercise;
    this.fn = fn;
  }
}

export function isNotImplemented(error: unknown): error is NotImplemented {
  return error instanceof Error && error.name === 'NotImplemented';
}
