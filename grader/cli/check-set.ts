/**
 * The checks of one grading run, whichever their source: what to run on the submission's code, and
 * how to judge what came back. The hidden and public suites (./suite-checks.ts) come with the
 * instructor's kit only; the recorded packs (./pack-checks.ts) ship to students too.
 */
import type { Modules } from '../engine/modules.js';
import type { Outcome } from '../conformance/score.js';
import type { Job, JobResult } from '../runner/jobs.js';

/** Candidate modules by exercise id: what the submission provides. */
export type Candidates = Map<string, Modules[keyof Modules]>;

export interface CheckSet {
  /** What the executor runs (the checks of exercises with code). */
  jobs: Job[];
  /** Every outcome: from the results, the checks of exercises without code (not started), and any further runs `run` makes. */
  judge(results: ReadonlyMap<string, JobResult>, run: (jobs: Job[]) => Promise<JobResult[]>): Promise<Outcome[]>;
}

/** Checks made before the static verdict, for the exercises handed in; `select` keeps those with code that may run. */
export interface PendingChecks {
  select(candidates: Candidates): CheckSet;
}

export const NOT_STARTED = { name: 'NotImplemented', message: 'not handed in' };
