/**
 * The files made from a results folder's students/: gradebook.csv, transitions.csv, class.md, and
 * each student's feedback.md (which depends on the rubric's visibility and on whether the due date
 * has passed, so it is made again each time, and written only when it changed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toClassSummary } from '../../report/class-summary.js';
import { toGradebookCsv, toTransitionsCsv, type GradebookRow, type GradebookRun } from '../../report/csv.js';
import { toFeedback } from '../../report/feedback.js';
import { studentView } from '../../report/visibility.js';
import { writeAtomically } from '../output-file.js';
import { readStudent, STUDENTS, studentIds, type StudentRecord } from './results-folder.js';
import type { RunSettings } from './settings.js';

/** feedback.md of one student, as the student may see it at `now`. */
export function feedbackOf(record: StudentRecord, settings: RunSettings, now: Date): string {
  const { entry, report } = record;
  const view = report
    ? studentView(report, settings.visibility, now)
    : { results: false, transitions: false, firstFailure: false };
  return toFeedback(entry.student, report, view, {
    notes: entry.notes,
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(settings.visibility.due ? { due: settings.visibility.due } : {}),
  });
}

const rowOf = ({ entry, report }: StudentRecord): GradebookRow => ({
  student: entry.student,
  report,
  status: entry.status,
  ...(entry.reason !== undefined || entry.notes.length > 0
    ? { error: [entry.reason, ...entry.notes].filter((x) => x !== undefined).join('; ') }
    : {}),
});

/** Write the summaries of `path` from its students; returns the records they were made from. */
export function writeSummaries(path: string, settings: RunSettings, now: Date): StudentRecord[] {
  const records = studentIds(path)
    .map((id) => readStudent(path, id))
    .filter((r): r is StudentRecord => r !== undefined);
  const rows = records.map(rowOf);
  const run: GradebookRun = { seed: settings.seed, mode: settings.mode, kit: settings.kit };
  writeAtomically(join(path, 'gradebook.csv'), toGradebookCsv(rows, run));
  writeAtomically(join(path, 'transitions.csv'), toTransitionsCsv(rows));
  writeAtomically(join(path, 'class.md'), toClassSummary(rows, run));
  for (const record of records) {
    const file = join(path, STUDENTS, record.entry.student, 'feedback.md');
    const text = feedbackOf(record, settings, now);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeAtomically(file, text);
  }
  return records;
}
