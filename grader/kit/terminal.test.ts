/**
 * What a student reads in the terminal: lessons without their link anchors, a quiz in one language
 * that Ctrl+C ends quietly (exit 130), and the exercise reporter's verdict in plain words.
 */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderLesson, takeQuiz, type QuizIo } from '../cli/actions/learn.js';
import { exerciseStatus } from './exercise-reporter.js';
import { LANGS, lessonNames, loadLesson, loadQuiz, withoutAnchors } from './lessons.js';

describe('tcplab lesson', () => {
  it('shows no <a id> anchor, on a terminal or piped, in either language', () => {
    for (const lang of LANGS) {
      for (const name of lessonNames(lang)) {
        for (const tty of [true, false]) {
          const text = renderLesson(name, lang, tty);
          expect(text, `${lang}/${name} tty=${tty}`).not.toMatch(/<a\s/);
          expect(text.length).toBeGreaterThan(1000);
        }
      }
    }
  });

  it('drops each anchor with its line, CRLF line ends included, and keeps the heading under it', () => {
    expect(withoutAnchors('intro\r\n<a id="why"></a>\r\n## Why\r\ntext <a id="x"></a>here\n')).toBe(
      'intro\r\n## Why\r\ntext here\n',
    );
  });
});

/** A quiz taker that answers from a list, or presses Ctrl+C (inquirer rejects with ExitPromptError). */
function taker(answers: (number | 'ctrl-c')[]): QuizIo {
  return {
    interactive: true,
    select: async () => {
      const a = answers.shift();
      if (a === 'ctrl-c' || a === undefined)
        throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      return a;
    },
  };
}

describe('tcplab quiz', () => {
  const name = lessonNames('zh-CN')[0]!;
  const { questions } = loadQuiz('zh-CN', name);
  const title = loadLesson('zh-CN', name).title;

  it('speaks only Chinese with --lang zh-CN: its header, its verdicts and its score', async () => {
    const printed: string[] = [];
    // The first question right, the rest wrong.
    const answers = questions.map((q, i) => (i === 0 ? q.answer : (q.answer % q.choices.length) + 1));
    expect(await takeQuiz('1', 'zh-CN', (t) => printed.push(stripVTControlCharacters(t)), taker(answers))).toBe(0);
    expect(printed[0]).toBe(`${title}：共 ${questions.length} 题`);
    // Take out what comes from the quiz file (titles, answers, reasons, paths): the rest is the command's own words.
    const fromQuiz = [title, ...questions.flatMap((q) => [q.why, ...q.choices])].sort((a, b) => b.length - a.length);
    const words = fromQuiz
      .reduce((text, s) => text.split(s).join(''), printed.join('\n'))
      .replace(/lessons\/zh-CN\/[\w.#-]+/g, '');
    expect(words).not.toMatch(/[A-Za-z]{2,}/);
    expect(printed.at(-1)).toBe(`\n${questions.length} 题中答对 1 题。`);
  });

  it('ends quietly with 130 on Ctrl+C: no stack, no score', async () => {
    const printed: string[] = [];
    expect(
      await takeQuiz(
        '1',
        'en',
        (t) => printed.push(stripVTControlCharacters(t)),
        taker([questions[0]!.answer, 'ctrl-c']),
      ),
    ).toBe(130);
    expect(printed).toHaveLength(2);
    expect(printed.join('\n')).not.toMatch(/ExitPromptError|Error|right\.$/m);
  });

  it('lets any other error through', async () => {
    const io: QuizIo = {
      interactive: true,
      select: async () => {
        throw new Error('the terminal went away');
      },
    };
    await expect(takeQuiz('1', 'en', () => undefined, io)).rejects.toThrow('the terminal went away');
  });
});

describe('npm run test:exercises, the application tests', () => {
  const plain = { red: String, green: String, yellow: String, dim: String } as const;
  const status = (t: Partial<Parameters<typeof exerciseStatus>[0]>, stubs?: [number, number]): string =>
    exerciseStatus({ passed: 0, failed: 0, notStarted: 0, total: 32, broken: false, ...t }, stubs, plain);

  it('says an untouched exercise is not started, and how many tests its starting code passes', () => {
    expect(status({ passed: 2, notStarted: 30 })).toBe('not started (2 of 32 tests pass on the starting code)');
    expect(status({ notStarted: 32 })).toBe('not started');
  });

  it('says done, failing or cannot run in words, with the counts that explain it', () => {
    expect(status({ passed: 32 })).toBe('done: all 32 tests pass');
    expect(status({ passed: 29, failed: 3 })).toBe('3 of 32 tests fail');
    expect(status({ passed: 20, failed: 2, notStarted: 10 })).toBe(
      '2 of 32 tests fail, 10 wait for code not written yet',
    );
    expect(status({ passed: 10, notStarted: 22 }, [2, 5])).toBe(
      'in progress: 3 of 5 functions written; 10 of 32 tests pass',
    );
    expect(status({ broken: true })).toBe('cannot run: see below');
  });
});
