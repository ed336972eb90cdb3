/** The two errors the engine throws on its own account, apart from a bad input's TypeError or RangeError. */

/** A mistake in the framework, or in what it was given (the isn function), rather than in the input. */
export class EngineBug extends Error {
  override name = 'EngineBug';
}

/**
 * A handler broke one of the engine's rules: a step that names no catalogue transition, a `ctx.go`
 * to a rule that does not start in the current state, a timer with a bad duration. Its message says
 * which handler and what it did, in the words of the module's author.
 */
export class RuleError extends Error {
  override name = 'RuleError';
}
