/**
 * What a student is shown of a hidden grade, as the rubric's `visibility:` section sets it, for
 * every rendering a student reads (feedback files, Gradescope results.json, CI):
 *
 *   failures: nothing        only each exercise's score; no transition is named
 *             transition     each failing transition's name and how many checks it passed
 *             first-failure  (default) that, and each one's first failure: the input, expected vs actual, the diagram
 *   totalBeforeDue: false    (default) every result waits for the due date (as on Gradescope, where a
 *                            hidden test hides the total); true: shown at once
 *   due: 2027-01-15T23:59:00Z   when that is (feedback files and CI compare it with the clock;
 *                               Gradescope knows its own due date)
 *   submission: visible      Gradescope's visibility of the submission as a whole (visible,
 *                            after_due_date, after_published, hidden): its summary, which names
 *                            errors in the student's own code at once
 *
 * A public grade (the checks students have in their kit) is shown whole whatever the setting.
 */
import type { Report } from './model.js';

export const FAILURE_LEVELS = ['nothing', 'transition', 'first-failure'] as const;
export type FailureLevel = (typeof FAILURE_LEVELS)[number];
export const SUBMISSION_VISIBILITIES = ['visible', 'after_due_date', 'after_published', 'hidden'] as const;
export type SubmissionVisibility = (typeof SUBMISSION_VISIBILITIES)[number];

export interface Visibility {
  failures: FailureLevel;
  totalBeforeDue: boolean;
  /** ISO 8601; undefined: the due date is taken as not yet passed. */
  due?: string;
  /** Gradescope's top-level visibility; undefined: visible. */
  submission?: SubmissionVisibility;
}

export const DEFAULT_VISIBILITY: Visibility = { failures: 'first-failure', totalBeforeDue: false };

/** What a student may see of `report` at time `now`. */
export interface StudentView {
  /** Any result of the hidden checks at all (false: before the due date, when the total waits for it). */
  results: boolean;
  /** Failing transitions by name, with their pass counts. */
  transitions: boolean;
  /** Each failing transition's first failure: expected, actual, diagram. */
  firstFailure: boolean;
}

function isDue(visibility: Visibility, now: Date): boolean {
  return visibility.due !== undefined && now.getTime() >= Date.parse(visibility.due);
}

/**
 * As Gradescope has it: while any scored result is hidden the total is too, so before the due date a
 * total that waits hides every result; once shown, results are shown at the `failures` level.
 */
export function studentView(report: Report, visibility: Visibility, now: Date): StudentView {
  if (report.mode === 'public') return { results: true, transitions: true, firstFailure: true };
  const results = visibility.totalBeforeDue || isDue(visibility, now);
  return {
    results,
    transitions: results && visibility.failures !== 'nothing',
    firstFailure: results && visibility.failures === 'first-failure',
  };
}

/**
 * The report cut down to what the student may see: the transitions' failures, or the transitions,
 * or every result left out. Errors in the student's own code (static checks, typecheck) always stay:
 * they are about the code, not the hidden checks (a timeout or crash could tell what a check does).
 */
export function forStudent(report: Report, view: StudentView): Report {
  const errors =
    report.mode === 'public'
      ? report.errors
      : report.errors.filter((e) => e.kind === 'static' || e.kind === 'typecheck');
  if (!view.results) return { ...report, score: 0, maxScore: 0, exercises: [], transitions: [], errors };
  const transitions = !view.transitions
    ? []
    : report.transitions.map((t) => (view.firstFailure ? t : { ...t, failures: [] }));
  return { ...report, transitions, errors };
}
