/** `tcplab status`: where a student is, one line per exercise from the public checks, and what to do next. */
import pc from 'picocolors';
import { EXERCISES } from '../../engine/exercises.js';
import type { Report } from '../../report/model.js';
import { columns, type Row } from '../../report/columns.js';
import { statusWord } from '../../report/table.js';
import { APP_EXERCISES, type AppTests } from '../app-tests.js';

/** Where to go on: the first exercise being worked on (failing, or not loading), else the first not started. */
export function nextExercise(report: Report): Report['exercises'][number] | undefined {
  return (
    report.exercises.find((e) => e.status === 'failed' || e.status === 'error' || e.status === 'in-progress') ??
    report.exercises.find((e) => e.status !== 'passed')
  );
}

/** `apps`: the application tests of 05 and 06 (grader/cli/app-tests.ts), one line each after the exercises. */
export function statusLines(report: Report, apps?: AppTests): string[] {
  const lines = [pc.bold(`Public checks: ${report.score} / ${report.maxScore}`)];
  // One table for both groups, so their columns line up; the heading between them spans the row.
  const rows: Row[] = report.exercises.map((e) => {
    const title = EXERCISES.find((x) => x.id === e.id)?.title ?? '';
    return [e.id, `${e.score}/${e.maxScore}`, statusWord(e.status), pc.dim(title)];
  });
  const heading =
    apps && apps.results.length > 0 ? rows.push([{ content: pc.bold('Application tests'), colSpan: 4 }]) - 1 : -1;
  const problems: string[] = [];
  for (const r of apps?.results ?? []) {
    const file = APP_EXERCISES[r.exercise] ?? '';
    // The words check uses: the application as handed out has not been started on.
    const word = r.error
      ? pc.red('cannot run')
      : r.passed === r.total
        ? pc.green('passed')
        : r.untouched
          ? pc.dim('not started')
          : pc.yellow('failing');
    rows.push([`${r.exercise.slice(0, 2)} ${file}`, `${r.passed}/${r.total}`, word, '']);
    if (r.error) problems.push(`  ${r.exercise.slice(0, 2)} ${file}: ${r.error}`);
  }
  lines.push(...columns(rows, ['left', 'right']).map((line, i) => (i === heading ? line : `  ${line}`)), ...problems);
  // An application being worked on (changed from its starting code, failing) comes before an exercise
  // not started, and after a module that fails.
  const working = report.exercises.find(
    (e) => e.status === 'failed' || e.status === 'error' || e.status === 'in-progress',
  );
  const app = apps?.results.find(
    (r) =>
      (r.error !== undefined || r.passed < r.total) &&
      (!r.untouched || report.exercises.every((e) => e.status === 'passed')),
  );
  const next = working ?? (app ? undefined : nextExercise(report));
  const n = next?.id.slice(0, 2);
  lines.push(
    '',
    next && n
      ? `Next: ${next.id}. ${next.status === 'not-started' ? `Read lesson ${Number(n)} (./tcplab lesson ${Number(n)}), then` : 'Run'} ./tcplab check ${n}; stuck? ./tcplab hint ${n}`
      : app
        ? `Next: exercises/${app.exercise}/${APP_EXERCISES[app.exercise] ?? ''}. Run ./tcplab check ${app.exercise.slice(0, 2)}; stuck? ./tcplab hint ${app.exercise.slice(0, 2)}`
        : pc.green('Every exercise passes its public checks and tests.'),
  );
  return lines;
}
