/**
 * `tcplab` on a terminal: a menu that starts from where the student is. It checks the exercises
 * once (the public packs), offers to go on with the one being worked on, else the first not
 * started (check it, a hint, watch it), or to read a lesson or take a quiz, and runs the chosen
 * command; then asks again.
 */
import pc from 'picocolors';
import { lessonNames, loadLesson } from '../../kit/lessons.js';
import type { Report } from '../../report/model.js';
import { nextExercise } from './status.js';

export interface MenuIo {
  /** Ask one question; the answer is the value of the choice taken. */
  choose(message: string, choices: { name: string; value: string }[]): Promise<string>;
  out(text: string): void;
  /** Run `tcplab ARGS` (the menu's choices are commands a student can also type). */
  run(args: string[]): Promise<number>;
  /** The public checks of every exercise, as `tcplab check --json` reports them. */
  progress(): Promise<Report>;
}

/** Ctrl+C at a question (inquirer's ExitPromptError), or a command it ran ended by Ctrl+C (130). */
const INTERRUPTED = 130;
const isCtrlC = (e: unknown): boolean => e instanceof Error && e.name === 'ExitPromptError';

/** Runs until Quit (0), a watch ends, or Ctrl+C, at a question of its own or in a command it ran (130, quietly). */
export async function runMenu(io: MenuIo): Promise<number> {
  try {
    return await menuLoop(io);
  } catch (e) {
    if (isCtrlC(e)) return INTERRUPTED;
    throw e;
  }
}

async function menuLoop(io: MenuIo): Promise<number> {
  for (;;) {
    const found = nextExercise(await io.progress());
    const next = found && {
      id: found.id,
      status: found.status.replace('-', ' '),
      score: `${found.score}/${found.maxScore}`,
    };
    const number = next?.id.slice(0, 2);
    const choices = [
      ...(next && number
        ? [
            { name: `Check exercise ${next.id} (${next.status}, ${next.score})`, value: `check ${number}` },
            { name: `A hint for ${next.id}`, value: `hint ${number}` },
            { name: `Watch ${next.id}: check again on every save`, value: `watch ${number}` },
            { name: `Read its lesson`, value: `lesson ${Number(number)}` },
          ]
        : []),
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
      const lesson = await io.choose(
        answer === 'pick lesson' ? 'Which lesson?' : 'Which quiz?',
        names.map((n, i) => ({ name: `${i + 1}. ${loadLesson('en', n).title}`, value: String(i + 1) })),
      );
      args = [answer === 'pick lesson' ? 'lesson' : 'quiz', lesson];
    }
    const code = await io.run(args);
    // Ctrl+C in a quiz (or any command that reports it) ends the menu too, as it ends a command.
    if (code === INTERRUPTED) return INTERRUPTED;
    // Watching ends with Ctrl+C, which ends the menu too.
    if (args[0] === 'watch') return 0;
  }
}
