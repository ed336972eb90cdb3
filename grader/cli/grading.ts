/**
 * One grading run: read the submission, inspect it (static checks, typecheck) in a process of its
 * own, load its modules, run the checks, score, and build the report. Each exercise is graded with
 * the reference for every other topic, so one broken module costs only its own points. In-process
 * runs trust the code (the reference, a student's own machine); grading untrusted submissions goes
 * through the sandbox (grader/runner/sandbox.ts), which runs the same checks.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { EXERCISES } from '../engine/exercises.js';
import type { Modules } from '../engine/modules.js';
import { PUBLIC_SEED } from '../conformance/pack.js';
import { defaultRubric, type Rubric } from '../conformance/rubric.js';
import { score } from '../conformance/score.js';
import { makeReport, type Report } from '../report/model.js';
import { inProcessExecutor } from '../runner/in-process.js';
import { prestart, sandboxExecutor, type SandboxOptions } from '../runner/sandbox.js';
import { inspect } from '../runner/inspect/index.js';
import type { Executor } from '../runner/jobs.js';
import { cleanup, located, prepare, type PrepError, type Prepared } from '../runner/submission.js';
import { modulesWith } from '../../solutions/modules.js';
import type { Candidates, PendingChecks } from './check-set.js';
import { instructorModule } from './instructor.js';
import { withHandlerLines } from './handler-lines.js';
import { packChecks } from './pack-checks.js';
import { importTypeScript } from '../runner/typescript-import.js';

export type { Candidates } from './check-set.js';

export interface GradeOptions {
  mode: 'public' | 'hidden';
  seed: number;
  exercise?: string;
  rubric?: Rubric;
  /** Use the recorded public packs in exercises/NN/checks.json (what `tcplab check` does). */
  packs?: boolean;
  /** How to run the submission's code; in-process (trusted) unless given. */
  executor?: (candidates: Candidates, prepared: Prepared) => Executor;
  /** Get the executor ready while the submission is inspected (start its processes); returns what undoes it. */
  warm?: (prepared: Prepared) => () => Promise<void>;
}

/** Import the prepared copies; a module that fails to load breaks only its exercise. */
export async function loadCandidates(
  copies: { exercise: string; copy: string }[],
  onError: (exercise: string, message: string) => void,
): Promise<Candidates> {
  const candidates: Candidates = new Map();
  for (const { exercise, copy } of copies) {
    try {
      // The copy's path is the same on every run of this process (tcplab watch): its content in the
      // URL makes a changed file a new module, not the one imported before.
      const version = createHash('sha256').update(readFileSync(copy)).digest('hex').slice(0, 16);
      candidates.set(
        exercise,
        (await importTypeScript(`${pathToFileURL(copy).href}?v=${version}`)) as Modules[keyof Modules],
      );
    } catch (e) {
      onError(exercise, e instanceof Error ? e.message : String(e));
    }
  }
  return candidates;
}

/** In-process: the submission's module with the reference for every other topic, trusted. */
function trustedExecutor(candidates: Candidates): Executor {
  return inProcessExecutor((id) => {
    const exercise = EXERCISES.find((e) => e.id === id);
    const candidate = candidates.get(id);
    return exercise?.module && candidate
      ? modulesWith({ [exercise.module]: candidate } as Partial<Modules>)
      : undefined;
  });
}

/**
 * The submission's modules by exercise. With an executor of its own (the sandbox) the grader never
 * imports the submission: the child loads it, so even top-level code in it runs only there. The map
 * then only says who handed in what.
 */
async function candidatesOf(prepared: Prepared, ownExecutor: boolean): Promise<Candidates> {
  if (ownExecutor) return new Map(prepared.exercises.map((p) => [p.exercise.id, {} as Modules[keyof Modules]]));
  return loadCandidates(
    prepared.exercises.map((p) => ({ exercise: p.exercise.id, copy: p.source })),
    (exercise, message) => {
      const p = prepared.exercises.find((x) => x.exercise.id === exercise);
      prepared.errors.push(
        p
          ? located(p, 'crash', { message: `could not load: ${message}` })
          : { kind: 'crash', message: `could not load: ${message}`, exercise },
      );
      prepared.broken.add(exercise);
    },
  );
}

/** The typecheck's errors, each marking its exercise broken; a syntax error the bundler found already is said once. */
function addTypeErrors(prepared: Prepared, errors: readonly PrepError[]): void {
  for (const error of errors) {
    if (prepared.errors.some((e) => e.kind === 'static' && e.file === error.file && e.line === error.line)) continue;
    prepared.errors.push(error);
    if (error.exercise) prepared.broken.add(error.exercise);
  }
}

export async function grade(dir: string, options: GradeOptions): Promise<Report> {
  const started = performance.now();
  const rubric = options.rubric ?? defaultRubric();
  const makeExecutor = options.executor ?? trustedExecutor;
  const wanted = (id: string): boolean => rubric.exercises.has(id) && (!options.exercise || id === options.exercise);
  // The recorded packs are read (and a damaged one refused) before anything is started.
  const packs = options.packs ? packChecks(wanted) : undefined;
  const prepared = prepare(dir, options.exercise);
  // The inspector checks the code in a process of its own while the checks are built: nothing of
  // the submission runs before its static verdict; the type errors are applied at the end.
  const inspection = inspect(prepared, { cache: true });
  await inspection.started;
  const cool = options.warm?.(prepared);
  // A typecheck that does not finish vouches for nothing: every exercise it covered is left ungraded.
  const typeErrors = inspection.types.catch((e: unknown): PrepError[] =>
    prepared.exercises.map((p) =>
      located(p, 'crash', { message: `the typecheck failed: ${e instanceof Error ? e.message : String(e)}` }),
    ),
  );
  let isolation = 'none';
  try {
    const handedIn = prepared.exercises.map((p) => p.exercise.id).filter(wanted);
    const pending: PendingChecks =
      packs ??
      (await (
        await instructorModule('suite-checks', 'grading with the suites (tcplab check runs the public checks)')
      ).suiteChecks(options.mode, options.seed, handedIn, wanted));

    await inspection.checked;
    const candidates = await candidatesOf(prepared, options.executor !== undefined);
    const checks = pending.select(candidates);
    const executor = makeExecutor(candidates, prepared);
    let outcomes;
    try {
      const results = await executor.run(checks.jobs);
      outcomes = await checks.judge(new Map(results.map((r) => [r.id, r])), (jobs) => executor.run(jobs));
    } finally {
      await executor.close();
    }
    isolation = executor.isolation;
    addTypeErrors(prepared, await typeErrors);
    const scoped: Rubric = { ...rubric, exercises: new Set([...rubric.exercises].filter(wanted)) };
    const { transitions, exercises } = score(withHandlerLines(outcomes, prepared), scoped, prepared.broken);
    return makeReport({
      mode: options.mode,
      seed: options.mode === 'hidden' ? options.seed : PUBLIC_SEED,
      checks: new Set(outcomes.map((o) => o.check)).size,
      transitions,
      exercises,
      errors: prepared.errors,
      durationMs: Math.round(performance.now() - started),
      isolation,
    });
  } finally {
    inspection.stop();
    await cool?.();
    cleanup(prepared);
  }
}

/**
 * Limits for a student's own checks: the code runs in child processes as the hidden grade's does, so
 * an endless loop costs its check a second (each later one a tenth) and never hangs the command.
 */
export const CHECK_LIMITS: SandboxOptions = { jobTimeoutMs: 1_000, afterTimeoutMs: 100, exerciseBudgetMs: 30_000 };

/** The recorded public checks (what `tcplab check`, `status`, `watch`, `hint` and the menu run) on the exercises in `dir`, or on one of them. */
export function publicCheck(dir: string, exercise?: string): Promise<Report> {
  return grade(dir, {
    mode: 'public',
    seed: PUBLIC_SEED,
    packs: true,
    ...(exercise ? { exercise } : {}),
    executor: (candidates, prepared) => sandboxExecutor(prepared, candidates, CHECK_LIMITS),
    warm: (prepared) => prestart(prepared, CHECK_LIMITS),
  });
}
