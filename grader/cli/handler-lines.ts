/**
 * Where a failure names one of the student's functions ("handled by listenCheckSyn", a RuleError
 * that starts with the function's name, a time limit hit while it was running), the file and line
 * that declare it are added, so the report points at the code to read.
 */
import { relative } from 'node:path';
import type { Outcome } from '../conformance/score.js';
import type { Prepared } from '../runner/submission.js';

const NAMED = /(?:handled by |^RuleError: (?:your )?|it was running )(\w+)/;

/** The line that exports `name` in `text`, if any (1-based). */
function exportLine(text: string, name: string): number | undefined {
  const at = new RegExp(`^export\\s+(?:const|let|function|async\\s+function)\\s+${name}\\b`, 'm').exec(text);
  return at ? text.slice(0, at.index).split('\n').length : undefined;
}

export function withHandlerLines(outcomes: readonly Outcome[], prepared: Prepared): Outcome[] {
  const files = new Map(prepared.exercises.map((p) => [p.exercise.id, p]));
  return outcomes.map((o) => {
    const name = o.passed || !o.actual ? undefined : NAMED.exec(o.actual)?.[1];
    const p = name === undefined ? undefined : files.get(o.exercise);
    const line = p && name ? exportLine(p.text, name) : undefined;
    return line === undefined
      ? o
      : { ...o, actual: `${o.actual} [${name} is at ${relative(process.cwd(), p!.original)}:${line}]` };
  });
}
