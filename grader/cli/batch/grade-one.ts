/**
 * One submission of a class: take in what was handed in (../intake/intake.ts), grade it, and name
 * its files as they were handed in. A grader failure on one submission is that submission's
 * `error`, not the run's end.
 */
import { rmSync } from 'node:fs';
import type { Rubric } from '../../conformance/rubric.js';
import type { SubmissionStatus } from '../../report/csv.js';
import type { Report } from '../../report/model.js';
import type { SandboxOptions } from '../../runner/sandbox.js';
import { intake } from '../intake/intake.js';
import { relabel } from '../intake/relabel.js';
import { gradeWith } from '../sandboxed.js';

export interface Graded {
  status: SubmissionStatus;
  report?: Report;
  reason?: string;
  notes: string[];
  refused?: boolean;
}

export interface GradeOneOptions {
  mode: 'public' | 'hidden';
  seed: number;
  exercise?: string;
  rubric?: Rubric;
  sandbox: boolean;
  sandboxOptions?: SandboxOptions;
}

/** Grade the submission at `path` (`label` names it in messages); `scratch` is a folder of its own, removed after. */
export async function gradeOne(
  path: string,
  label: string,
  scratch: string,
  options: GradeOneOptions,
): Promise<Graded> {
  try {
    const taken = await intake(path, scratch, label);
    if (taken.kind === 'none') return { status: 'no-submission', reason: taken.reason, notes: [] };
    if (taken.kind === 'refused') return { status: 'error', reason: taken.reason, notes: [], refused: true };
    const report = await gradeWith(
      taken.dir,
      {
        mode: options.mode,
        seed: options.seed,
        ...(options.exercise ? { exercise: options.exercise } : {}),
        ...(options.rubric ? { rubric: options.rubric } : {}),
      },
      options.sandbox,
      options.sandboxOptions,
    );
    // Paths are shown from the submission down (alice/exercises/…), wherever the class's folder is.
    return { status: 'ok', report: relabel(report, [...taken.shown, [path, label]]), notes: taken.notes };
  } catch (e) {
    return { status: 'error', reason: `the grader failed: ${e instanceof Error ? e.message : String(e)}`, notes: [] };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
