/**
 * The results folder of `grade-all` and `gradebook merge`:
 *
 *   tcplab-results.json        what the grades were made with (./settings.ts)
 *   gradebook.csv              a row per submission
 *   transitions.csv            a line per submission and transition
 *   class.md                   the class as a whole
 *   students/<id>/entry.json   what became of the submission, and a hash of what was handed in
 *   students/<id>/report.json  the full report (tcplab.report/1), for the instructor
 *   students/<id>/feedback.md  what the student may see
 *
 * A student's files are written into a folder beside theirs and renamed into place, so a run stopped
 * at any moment leaves each student either as before or complete. The summaries are made from
 * students/ alone: a merge of shards makes the same files as one run.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SubmissionStatus } from '../../report/csv.js';
import type { Report } from '../../report/model.js';
import { UsageError } from '../errors.js';
import { reason } from '../input-file.js';
import { outputFileProblem, outputFolderProblem, writeAtomically } from '../output-file.js';
import { MARKER, SettingsSchema, type RunSettings } from './settings.js';

export const STUDENTS = 'students';

export interface Entry {
  schema: 'tcplab.submission/1';
  student: string;
  /** The name it has in the folder of submissions (alice/, bob.zip). */
  source: string;
  status: SubmissionStatus;
  /** Why there is no report (no-submission, error). */
  reason?: string;
  /** What the intake has to say: a file left out, a link not followed. */
  notes: string[];
  /** sha256 over what was handed in (./submissions.ts). */
  hash: string;
  /** The archive was refused (a link, a device, a path leaving the folder, over a cap). */
  refused?: boolean;
}

const EntrySchema = z.object({
  schema: z.literal('tcplab.submission/1'),
  student: z.string(),
  source: z.string(),
  status: z.enum(['ok', 'error', 'no-submission']),
  reason: z.string().optional(),
  notes: z.array(z.string()),
  hash: z.string(),
  refused: z.boolean().optional(),
});

export interface StudentRecord {
  entry: Entry;
  report: Report | undefined;
}

/** Why `path` cannot hold results, or undefined: a new folder in an existing one, or an earlier results folder. */
export function resultsProblem(path: string): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') return reason(e);
    return outputFolderProblem(path);
  }
  if (!stat.isDirectory()) return `it is ${stat.isFile() ? 'a file' : 'not a folder'}; give a folder for the results`;
  // The gradebook's place says whether the folder can be written (and is no kernel file system).
  const problem = outputFileProblem(join(path, 'gradebook.csv'));
  if (problem) return problem;
  if (!existsSync(join(path, MARKER)) && readdirSync(path).length > 0)
    return `the folder is not empty and holds no earlier results (${MARKER}): give a new or empty folder`;
  return undefined;
}

/** The settings an earlier run left in `path`, or undefined for a new folder; a damaged marker is refused. */
export function readSettings(path: string): RunSettings | undefined {
  const file = join(path, MARKER);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = SettingsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const { schema: _schema, ...settings } = parsed;
    return settings as RunSettings;
  } catch (e) {
    throw new UsageError(
      `${file}: not a results marker (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    );
  }
}

/** Folders left by a run that stopped midway (a student's files being written): theirs are whole or absent. */
function sweep(students: string): void {
  for (const name of readdirSync(students)) {
    const m = /^\.(.+)\.(partial|old)-(\d+)$/.exec(name);
    if (!m) continue;
    const pid = Number(m[3]);
    let alive = pid !== process.pid;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive || pid === process.pid) rmSync(join(students, name), { recursive: true, force: true });
  }
}

/** Make the folder ready (its parent exists: checked before), with `text` as its marker. */
export function openResults(path: string, marker: string): void {
  if (!existsSync(path)) mkdirSync(path);
  const students = join(path, STUDENTS);
  mkdirSync(students, { recursive: true });
  sweep(students);
  if (!existsSync(join(path, MARKER))) writeAtomically(join(path, MARKER), marker);
}

/** Write a student's files at once: into a folder beside, then renamed over the old one. */
export function writeStudent(path: string, id: string, files: Record<string, string>): void {
  const students = join(path, STUDENTS);
  const partial = join(students, `.${id}.partial-${process.pid}`);
  const old = join(students, `.${id}.old-${process.pid}`);
  const target = join(students, id);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(partial, name), text);
    if (existsSync(target)) renameSync(target, old);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

/** One student's record, or undefined when it is missing or damaged (such a student is graded again). */
export function readStudent(path: string, id: string): StudentRecord | undefined {
  const dir = join(path, STUDENTS, id);
  try {
    const entry = EntrySchema.parse(JSON.parse(readFileSync(join(dir, 'entry.json'), 'utf8'))) as Entry;
    const report =
      entry.status === 'ok' ? (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report) : undefined;
    if (entry.status === 'ok' && report?.schema !== 'tcplab.report/1') return undefined;
    return { entry, report };
  } catch {
    return undefined;
  }
}

/** Every student in the folder, by id (code-unit order). */
export function studentIds(path: string): string[] {
  const students = join(path, STUDENTS);
  if (!existsSync(students)) return [];
  return readdirSync(students)
    .filter((n) => !n.startsWith('.'))
    .sort();
}
