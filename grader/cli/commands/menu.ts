/**
 * `tcplab` on a terminal: a menu that starts from where the student is. It checks the exercises
 * once (the public packs), offers to go on with the first one not yet passing (check it, a hint,
 * watch it), or to read a lesson or take a quiz, and runs the chosen command; then asks again.
 */
import pc from 'picocolors';
import { EXERCISES } from '../../engine/exercises.js';
import { lessonNames, loadLesson } from '../../kit/lessons.js';
import type { Report } from '../../report/model.js';

export interface MenuIo {
  /** Ask one question; the answer is the value of the choice taken. */
  choose(message: string, choices: { name: string; value: string }[]): Promise<string>;
  out(text: string): void;
  /** Run `tcplab ARGS` (the menu's choices are commands a student can also type). */
  run(args: string[]): Promise<number>;
  /** The public checks of every exercise, as `tcplab check --json` reports them. */
  progress(): Promise<Report>;
}

/** The first exercise with a module whose public checks do not all pass, with how far it is. */
function nextExercise(report: Report): { id: string; status: string; score: string } | undefined {
  const byId = new Map(report.exercises.map((e) => [e.id, e]));
  for (const exercise of EXERCISES.filter((e) => e.module)) {
    const e = byId.get(exercise.id);
    if (e && e.status !== 'passed') return { id: e.id, status: e.status.replace('-', ' '), score: `${e.score}/${e.maxScore}` };
  }
  return undefined;
}

export async function runMenu(io: MenuIo): Promise<number> {
  for (;;) {
    const next = nextExercise(await io.progress());
    const number = next?.id.slice(0, 2);
    const choices = [
      ...(next && number ? [
        { name: `Check exercise ${next.id} (${next.status}, ${next.score})`, value: `check ${number}` },
        { name: `A hint for ${next.id}`, value: `hint ${number}` },
        { name: `Watch ${next.id}: check again on every save`, value: `watch ${number}` },
        { name: `Read its lesson`, value: `lesson ${Number(number)}` },
      ] : []),
      { name: 'Read a lesson', value: 'pick lesson' },
      { name: 'Take a quiz', value: 'pick quiz' },
      { name: 'Check every exercise', value: 'check' },
      { name: 'Quit', value: 'quit' },
    ];
    if (!next) io.out(pc.green('Every exercise passes its public checks.'));
    const answer = await io.choose('What next?', choices);
    if (answer === 'quit') return 0;
    let args = answer.split(' ');
    if (answer === 'pick lesson' || answer === 'pick quiz') {
      const names = lessonNames('en');
      const lesson = await io.choose(answer === 'pick lesson' ? 'Which lesson?' : 'Which quiz?', names.map((n, i) => ({ name: `${i + 1}. ${loadLesson('en', n).title}`, value: String(i + 1) })));
      args = [answer === 'pick lesson' ? 'lesson' : 'quiz', lesson];
    }
    await io.run(args);
    // Watching ends with Ctrl+C, which ends the menu too.
    if (args[0] === 'watch') return 0;
  }
}
