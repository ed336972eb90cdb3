/**
 * The one error a script can cause: every problem names the file, the line and the column, and says
 * what was expected, the way a compiler does (`scripts/lost-final-ack.pkt:7:9: expected ...`), so an
 * editor or a terminal can jump to it. Parsing, loading and validation against the reference throw
 * nothing else.
 */

export interface ScriptProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  /** What was expected and what was found. */
  message: string;
}

export const formatProblem = (p: ScriptProblem): string => `${p.file}:${p.line}:${p.column}: ${p.message}`;

export class ScriptError extends Error {
  override name = 'ScriptError';
  /** Every problem found, first one first (a parse reports each bad line; validation stops at the first). */
  readonly problems: readonly ScriptProblem[];
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(problems: readonly ScriptProblem[]) {
    if (problems.length === 0) throw new TypeError('ScriptError needs at least one problem');
    super(problems.map(formatProblem).join('\n'));
    this.problems = problems;
    const first = problems[0]!;
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
  }

  static at(file: string, line: number, column: number, message: string): ScriptError {
    return new ScriptError([{ file, line, column, message }]);
  }
}
