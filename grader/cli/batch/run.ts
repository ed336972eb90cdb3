/**
 * Grading a class: the submissions of one shard, `jobs` at a time, each one's files written the
 * moment it is graded (./results-folder.ts); one already graded whose files have not changed is
 * skipped unless `force`. The grader's temporary folders all go under one folder of this run (TMPDIR
 * points there while it runs), removed at the end however the run ends.
 *
 * Ctrl+C: no submission is started after it; those being graded are let finish (their children may
 * have had the signal too, so their results are not kept) and every finished one is kept; the
 * summaries are written, the temporary folder removed, and the run ends with 130. A second Ctrl+C,
 * a second or more later, ends it at once, after removing the temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rubric } from '../../conformance/rubric.js';
import { toJson } from '../../report/json.js';
import type { SandboxOptions } from '../../runner/sandbox.js';
import { SCRATCH_PREFIX } from '../intake/relabel.js';
import { gradeOne, type Graded } from './grade-one.js';
import type { Progress } from './progress.js';
import { openResults, readStudent, writeStudent, type Entry } from './results-folder.js';
import { markerText, type RunSettings } from './settings.js';
import { inShard, type Shard } from './shard.js';
import { hashSubmission, type Submission } from './submissions.js';
import { feedbackOf, writeSummaries } from './summaries.js';

export interface BatchOptions {
  results: string;
  submissions: readonly Submission[];
  settings: RunSettings;
  rubric?: Rubric;
  jobs: number;
  force: boolean;
  shard?: Shard;
  sandbox: boolean;
  sandboxOptions?: SandboxOptions;
  progress: Progress;
  now: Date;
  /** Told when a submission is done (tests stop a run midway with it). */
  onDone?: (student: string) => void;
}

export interface BatchResult {
  graded: number;
  skipped: number;
  none: number;
  errors: number;
  /** Students whose archive was refused. */
  refused: { student: string; reason: string }[];
  interrupted: boolean;
  /** Students in the results folder after the run. */
  total: number;
}

/** What the progress line says of a submission. */
function outcome(g: Graded): string {
  if (g.status === 'ok') return `${g.report!.score}/${g.report!.maxScore}`;
  return `${g.status}: ${g.reason ?? ''}`.slice(0, 200);
}

export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const { results, settings, progress } = options;
  openResults(results, markerText(settings));
  const mine = options.submissions.filter((s) => !options.shard || inShard(s.id, options.shard));
  const result: BatchResult = { graded: 0, skipped: 0, none: 0, errors: 0, refused: [], interrupted: false, total: 0 };

  const runTemp = mkdtempSync(join(tmpdir(), 'tcplab-grade-all-'));
  const savedTmp = process.env['TMPDIR'];
  process.env['TMPDIR'] = runTemp;
  const onSigint = interruptHandler(result, progress, runTemp);
  process.on('SIGINT', onSigint);

  progress.start(mine.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let s = mine[next++]; s && !result.interrupted; s = mine[next++]) {
      const hash = hashSubmission(s.path);
      const before = readStudent(results, s.id);
      if (!options.force && before && before.entry.hash === hash && before.entry.status !== 'error') {
        result.skipped += 1;
        progress.done(s.id, 'unchanged since it was graded: skipped');
        options.onDone?.(s.id);
        continue;
      }
      const graded = await gradeOne(s.path, s.name, join(runTemp, `${SCRATCH_PREFIX}${next}`), {
        mode: settings.mode,
        seed: settings.seed,
        ...(settings.exercise ? { exercise: settings.exercise } : {}),
        ...(options.rubric ? { rubric: options.rubric } : {}),
        sandbox: options.sandbox,
        ...(options.sandboxOptions ? { sandboxOptions: options.sandboxOptions } : {}),
      });
      // Its processes may have had the terminal's Ctrl+C too: a result that ends after it is not trusted.
      if (result.interrupted) break;
      record(s, hash, graded, options, result);
      progress.done(s.id, outcome(graded));
      options.onDone?.(s.id);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, mine.length)) }, worker));
  } finally {
    progress.stop();
    result.total = writeSummaries(results, settings, options.now).length;
    process.off('SIGINT', onSigint);
    // The signal the sandbox passes on may come after this: once stopped, the run ends with 130, not by the signal.
    if (result.interrupted) process.on('SIGINT', () => undefined);
    if (savedTmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = savedTmp;
    rmSync(runTemp, { recursive: true, force: true });
  }
  return result;
}

/**
 * Ctrl+C: the first stops new submissions from starting; a second, a second or more later, removes
 * the temporary folder and ends the run at once.
 */
function interruptHandler(result: BatchResult, progress: Progress, runTemp: string): () => void {
  let interrupts = 0;
  let first = 0;
  return () => {
    // The sandbox passes the signal on to this process once it has killed its children: one Ctrl+C, not two.
    if (interrupts > 0 && performance.now() - first < 1000) return;
    interrupts += 1;
    result.interrupted = true;
    if (interrupts === 1) {
      first = performance.now();
      progress.say(
        'tcplab: stopping: no new submission is started; finished ones are kept (Ctrl+C again to stop at once)',
      );
      return;
    }
    rmSync(runTemp, { recursive: true, force: true });
    process.exit(130);
  };
}

/** A graded submission's files written in the results folder, and counted. */
function record(s: Submission, hash: string, graded: Graded, options: BatchOptions, result: BatchResult): void {
  const entry: Entry = {
    schema: 'tcplab.submission/1',
    student: s.id,
    source: s.name,
    status: graded.status,
    ...(graded.reason !== undefined ? { reason: graded.reason } : {}),
    notes: graded.notes,
    hash,
    ...(graded.refused ? { refused: true } : {}),
  };
  const files: Record<string, string> = { 'entry.json': `${JSON.stringify(entry, null, 2)}\n` };
  if (graded.report) files['report.json'] = `${toJson(graded.report)}\n`;
  files['feedback.md'] = feedbackOf({ entry, report: graded.report }, options.settings, options.now);
  writeStudent(options.results, s.id, files);
  if (graded.status === 'ok') result.graded += 1;
  else if (graded.status === 'no-submission') result.none += 1;
  else result.errors += 1;
  if (graded.refused) result.refused.push({ student: s.id, reason: graded.reason ?? '' });
}
