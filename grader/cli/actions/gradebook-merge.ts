/**
 * `tcplab gradebook merge RESULTS… --out RESULTS`: join the results of shards (grade-all --shard K/N,
 * on one machine or many) into one folder holding exactly the files one run over the whole class
 * writes: every student's folder, then the summaries made from them. Folders graded differently (seed,
 * mode, kit, rubric) are refused, and so is one student graded from different files in two of them;
 * nothing is written until every input has been checked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { nonEmpty, shown } from '../input-file.js';
import {
  openResults,
  readSettings,
  readStudent,
  resultsProblem,
  STUDENTS,
  studentIds,
  writeStudent,
  type StudentRecord,
} from '../batch/results-folder.js';
import { difference, markerText, type RunSettings } from '../batch/settings.js';
import { writeSummaries } from '../batch/summaries.js';

export function runMerge(inputs: readonly string[], flags: { out: string }, out: (text: string) => void): number {
  nonEmpty(flags.out, '--out');
  if (inputs.length === 0) throw new UsageError('gradebook merge: name the results folders to merge');
  const problem = resultsProblem(flags.out);
  if (problem) throw new UsageError(`--out ${shown(flags.out)}: ${problem}`);
  const { settings, taken } = readInputs(inputs);
  const outSettings = readSettings(flags.out);
  const differs = outSettings && difference(outSettings, settings);
  if (differs)
    throw new UsageError(`--out ${shown(flags.out)}: holds results graded with ${differs}; give another folder`);
  openResults(flags.out, markerText(settings));
  for (const [id, { from }] of taken) {
    if (resolve(from) === resolve(flags.out)) continue;
    const dir = join(from, STUDENTS, id);
    // Written whole beside the student's folder, then renamed into place.
    writeStudent(
      flags.out,
      id,
      Object.fromEntries(
        ['entry.json', 'report.json', 'feedback.md']
          .filter((f) => existsSync(join(dir, f)))
          .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
      ),
    );
  }
  const records = writeSummaries(flags.out, settings, new Date());
  out(
    `${inputs.length} results folders merged: ${records.length} students in ${flags.out} (gradebook.csv, transitions.csv, class.md, students/)`,
  );
  return 0;
}

/** The folders' students, each once, checked: every folder graded alike, a student taken twice graded from the same files. */
function readInputs(inputs: readonly string[]): {
  settings: RunSettings;
  taken: Map<string, { from: string; record: StudentRecord }>;
} {
  let settings: RunSettings | undefined;
  let first = '';
  const taken = new Map<string, { from: string; record: StudentRecord }>();
  for (const input of inputs) {
    nonEmpty(input, 'a results folder');
    const found = existsSync(input) ? readSettings(input) : undefined;
    if (!found)
      throw new UsageError(
        `${shown(input)}: not a results folder (no tcplab-results.json: made by tcplab grade-all --out)`,
      );
    if (!settings) [settings, first] = [found, input];
    const differs = difference(found, settings);
    if (differs)
      throw new UsageError(
        `${input}: graded with ${differs} (${first} was not); only results graded alike can be merged`,
      );
    for (const id of studentIds(input)) {
      const record = readStudent(input, id);
      if (!record)
        throw new UsageError(
          `${input}: students/${id} is damaged (grade it again with grade-all, or leave the folder out)`,
        );
      const before = taken.get(id);
      if (before && before.record.entry.hash !== record.entry.hash) {
        throw new UsageError(
          `${id}: graded from different files in ${before.from} and ${input}; grade it again in one of them`,
        );
      }
      if (!before) taken.set(id, { from: input, record });
    }
  }
  // inputs is not empty, so the first folder set the settings.
  return { settings: settings!, taken };
}
