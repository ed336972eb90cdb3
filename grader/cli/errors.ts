/** A mistake in what the user typed or gave (exit code 2); the message says what and where. */
export class UsageError extends Error {
  override name = 'UsageError';
}
