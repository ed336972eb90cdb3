/** `tcplab status`: where a student is, one line per exercise from the public checks, and what to do next. */
import pc from 'picocolors';
import { EXERCISES } from '../../engine/exercises.js';
import type { Report } from '../../report/model.js';
import { statusWord } from '../../report/table.js';


/** Where to go on: the first exercise being worked on (failing, or not loading), else the first not started. */
export function nextExercise(report: Report): Report['exercises'][number] | undefined {
  return report.exercises.find((e) => e.status === 'failed' || e.status === 'error' || e.status === 'in-progress') ?? report.exercises.find((e) => e.status !== 'passed');
}

export function statusLines(report: Report): string[] {
  const lines = [pc.bold(`Public checks: ${report.score} / ${report.maxScore}`)];
  for (const e of report.exercises) {
    const title = EXERCISES.find((x) => x.id === e.id)?.title ?? '';
    lines.push(`  ${e.id.padEnd(24)} ${`${e.score}/${e.maxScore}`.padStart(9)}  ${statusWord(e.status, 12)} ${pc.dim(title)}`);
  }
  const next = nextExercise(report);
  const n = next?.id.slice(0, 2);
  lines.push('', next && n
    ? `Next: ${next.id}. ${next.status === 'not-started' ? `Read lesson ${Number(n)} (npx tcplab lesson ${Number(n)}), then` : 'Run'} npx tcplab check ${n}; stuck? npx tcplab hint ${n}`
    : pc.green('Every exercise passes its public checks.'));
  lines.push(pc.dim('Application exercises (05 crawler.ts, 06 server.ts) are checked by npm run test:exercises.'));
  return lines;
}
