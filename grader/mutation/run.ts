/**
 * `npm run mutation`: how strong is the hidden conformance suite? Each reference topic module in
 * solutions/ (not 06, which is application code) is mutated (grader/mutation/mutators.ts), one small
 * change at a time, and each mutant is graded in-process as hidden grading grades a submission
 * (seed 42): its exercise's transition checks, then its scenario checks, its script checks and its
 * generated conversations. A mutant is killed by the first check that fails, or if it fails to load
 * or makes the engine throw. Prints progress to stderr; then a table per exercise, the survivors
 * (each with where it could be seen, if anywhere), the equivalent mutants (grader/mutation/
 * equivalent.ts, left out of the score), and as the last line one JSON object. Always exits 0 after
 * a run: it is a measurement, not a gate (a bad option exits 2).
 *
 * The parts: options.ts (the options), mutate.ts (an exercise's mutants made and judged, with
 * judge.ts and attribution.ts), report.ts (what is printed, survivors diagnosed by diagnose.ts).
 *
 *   npm run mutation                     every module
 *   npm run mutation -- --exercise 04    one exercise
 *   npm run mutation -- --max 20         at most 20 mutants per module (spread over the file)
 *   npm run mutation -- --verbose        also list each killed mutant with the check that killed it
 */
import { modules as reference } from '../../solutions/modules.js';
import { EXERCISES } from '../engine/exercises.js';
import { suiteFor } from '../instructor/suite/suite.js';
import { mutateAll, type Say } from './mutate.js';
import { parseArgs } from './options.js';
import { reportLines } from './report.js';

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const say: Say = (line) => {
    process.stderr.write(`${line}\n`);
  };
  const exercises = EXERCISES.filter((e) => e.module && (!options.exercise || e.id === options.exercise.id));
  const suite = suiteFor(reference, 'hidden', options.seed);
  say(
    `mutation: hidden suite (seed ${options.seed}) has ${suite.checks.length} transition checks; generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const { results, problems } = await mutateAll(exercises, suite, options, say);
  const out = reportLines({ results, problems, exercises, options, transitions: suite.checks, started, say });
  process.stdout.write(`${out.join('\n')}\n`);
}

main()
  .catch((e: unknown) => {
    process.stderr.write(`mutation: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  })
  .finally(() => {
    // A measurement, not a gate.
    process.exitCode = 0;
  });
