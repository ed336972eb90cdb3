/**
 * The sandbox: an Executor that runs a submission's jobs in child processes the grader does not
 * trust (grader/runner/child.ts), one per exercise, so that an endless loop, a crash, a memory bomb
 * or a patched global in one exercise costs only that exercise's checks.
 *
 * Layers, outside in:
 * - Linux namespaces where the kernel allows them (`unshare --user --map-root-user --pid --fork
 *   --net`): the child cannot signal anything outside, and has no network;
 * - its own process group (detached), killed as a whole with SIGKILL;
 * - Node's permission model: read access to the private copies' folder only (the bundled child
 *   and the bundled modules are all there); no writes, child processes, workers, addons;
 * - a scrubbed environment, a heap cap, an RSS watch from outside, and time limits per job, per
 *   batch and per exercise;
 * - answers on fd 3 only, each line carrying a nonce the submission cannot see;
 * - in the child, before the submission loads, a best effort at what the layers above do not cover:
 *   `process.kill`, `process.getBuiltinModule`, the stdin socket and `fetch` are taken away.
 *
 * Children may start before the submission's static verdict (`prestart`): they load nothing of it
 * until told which module to load. The parent then sends jobs in batches of JSON lines and checks
 * every answer before it is judged.
 *
 * The parts: sandbox-options.ts (limits and defaults), child-spawn.ts (what a child needs, and its
 * command line), prestart.ts (children started ahead), exercise-runner.ts (one exercise's jobs in
 * its child); this file hands each exercise's jobs to its runner.
 */
import { bundleCandidate } from './bundle.js';
import { baseFor, type Setup } from './child-spawn.js';
import { ExerciseRunner } from './exercise-runner.js';
import type { Isolation } from './isolation.js';
import type { Executor, Job, JobResult } from './jobs.js';
import { releaseSpares } from './prestart.js';
import type { End } from './protocol.js';
import { type SandboxOptions, type SandboxSettings, sandboxSettings } from './sandbox-options.js';
import { located, type Prepared } from './submission.js';

export { permissionFlag, sandboxIsolation, type Isolation } from './isolation.js';
export { prestart } from './prestart.js';
export type { SandboxOptions } from './sandbox-options.js';

/**
 * An executor that runs `prepared`'s code in sandboxed children. `candidates` says which exercises
 * have code; the children load it themselves, from bundles of `prepared`'s private copies. The
 * submission must have been prepared within `preparingForSandbox`, so the grader never imported it.
 */
export function sandboxExecutor(
  prepared: Prepared,
  candidates: ReadonlyMap<string, unknown>,
  options: SandboxOptions = {},
): Executor {
  const settings = sandboxSettings(options);
  let isolation: Isolation = 'permission-model';
  let ready: Promise<Setup> | undefined;
  const runners = new Map<string, ExerciseRunner>();
  const setUp = async (): Promise<Setup> => {
    const base = await baseFor(prepared, settings);
    isolation = base.unshare ? 'namespaces' : 'permission-model';
    return { ...base, bundles: await bundleAll(prepared, candidates) };
  };
  const runnerFor = (exercise: string, setup: Setup): ExerciseRunner => {
    let runner = runners.get(exercise);
    if (!runner) runners.set(exercise, (runner = new ExerciseRunner(exercise, setup, settings, prepared)));
    return runner;
  };

  return {
    get isolation() {
      return isolation;
    },
    async run(jobs) {
      ready ??= setUp();
      const setup = await ready;
      if (jobs.length === 0) return [];
      return runByExercise(jobs, settings, (exercise, group) => runnerFor(exercise, setup).run(group));
    },
    async close() {
      await Promise.all([...runners.values()].map((r) => r.close()));
      runners.clear();
      await releaseSpares(prepared.workDir);
    },
  };
}

/** Each candidate's module bundled, or why it could not be (then it is marked broken with its error). */
async function bundleAll(prepared: Prepared, candidates: ReadonlyMap<string, unknown>): Promise<Setup['bundles']> {
  const bundles: Setup['bundles'] = new Map();
  await Promise.all(
    prepared.exercises
      .filter((p) => candidates.has(p.exercise.id))
      .map(async (p) => {
        const bundled = await bundleCandidate(p, prepared.workDir);
        if ('file' in bundled) {
          bundles.set(p.exercise.id, bundled);
          return;
        }
        const failure: End = { reason: 'crash', message: bundled.message };
        bundles.set(p.exercise.id, { failure });
        prepared.errors.push(
          located(p, 'static', { message: bundled.message, ...(bundled.line ? { line: bundled.line } : {}) }),
        );
        prepared.broken.add(p.exercise.id);
      }),
  );
  return bundles;
}

/** One group per exercise, run side by side (at most `concurrency` at once); each result goes back to its job's place. */
async function runByExercise(
  jobs: readonly Job[],
  settings: SandboxSettings,
  runGroup: (exercise: string, jobs: Job[]) => Promise<JobResult[]>,
): Promise<JobResult[]> {
  const byExercise = new Map<string, number[]>();
  for (const [i, job] of jobs.entries()) {
    const group = byExercise.get(job.exercise);
    if (group) group.push(i);
    else byExercise.set(job.exercise, [i]);
  }
  const results: (JobResult | undefined)[] = [];
  const groups = [...byExercise];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let g = groups[next++]; g; g = groups[next++]) {
      const [exercise, indexes] = g;
      const answers = await runGroup(
        exercise,
        indexes.map((i) => jobs[i]!),
      );
      for (const [k, i] of indexes.entries()) results[i] = answers[k];
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(settings.concurrency, groups.length)) }, worker));
  return jobs.map((job, i) => results[i] ?? { id: job.id, kind: 'failed', reason: 'crash', message: 'no result' });
}
