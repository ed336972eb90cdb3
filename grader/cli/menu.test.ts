/**
 * The menu `tcplab` shows on a terminal: it offers to go on with the first exercise not yet passing,
 * runs each choice as the command a student could type, asks again, and ends on Quit or after watch.
 */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Report } from '../report/model.js';
import { runMenu, type MenuIo } from './actions/menu.js';

const report = (statuses: Record<string, Report['exercises'][number]['status']>): Report =>
  ({
    exercises: Object.entries(statuses).map(([id, status]) => ({
      id,
      status,
      score: status === 'passed' ? 4 : 0,
      maxScore: 4,
    })),
  }) as unknown as Report;

/** Fake io: answers the questions in order, records what ran and what was offered. */
function scripted(progress: Report, answers: string[]) {
  const ran: string[][] = [];
  const offered: string[][] = [];
  const printed: string[] = [];
  const io: MenuIo = {
    choose: async (_message, choices) => {
      offered.push(choices.map((c) => c.name));
      const answer = answers.shift();
      if (answer === undefined) throw new Error('asked more than the test answers');
      expect(choices.map((c) => c.value)).toContain(answer);
      return answer;
    },
    out: (t) => printed.push(stripVTControlCharacters(t)),
    run: async (args) => {
      ran.push(args);
      return 0;
    },
    progress: async () => progress,
  };
  return { io, ran, offered, printed };
}

describe('the menu', () => {
  it('offers the first exercise not passing, runs each choice as a command, and asks again until Quit', async () => {
    const { io, ran, offered } = scripted(
      report({
        '01-sequence-numbers': 'passed',
        '02-three-way-handshake': 'failed',
        '03-handshake-failures': 'not-started',
      }),
      ['check 02', 'hint 02', 'pick lesson', '3', 'quit'],
    );
    expect(await runMenu(io)).toBe(0);
    expect(ran).toEqual([
      ['check', '02'],
      ['hint', '02'],
      ['lesson', '3'],
    ]);
    expect(offered[0]?.[0]).toBe('Check exercise 02-three-way-handshake (failed, 0/4)');
    expect(offered[3]?.[2]).toMatch(/^3\. /);
  });

  it('ends after watch, which only Ctrl+C stops', async () => {
    const { io, ran } = scripted(report({ '01-sequence-numbers': 'not-started' }), ['watch 01']);
    expect(await runMenu(io)).toBe(0);
    expect(ran).toEqual([['watch', '01']]);
  });

  it('ends quietly with 130 on Ctrl+C at one of its questions (inquirer rejects with ExitPromptError)', async () => {
    const { io, ran, printed } = scripted(report({ '01-sequence-numbers': 'failed' }), []);
    io.choose = async () => {
      throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    };
    expect(await runMenu(io)).toBe(130);
    expect(ran).toEqual([]);
    expect(printed).toEqual([]);
  });

  it('ends with 130, asking nothing more, when Ctrl+C ended the quiz it ran', async () => {
    const { io, ran, offered } = scripted(report({ '01-sequence-numbers': 'failed' }), ['pick quiz', '2']);
    io.run = async (args) => {
      ran.push(args);
      return args[0] === 'quiz' ? 130 : 0;
    };
    expect(await runMenu(io)).toBe(130);
    expect(ran).toEqual([['quiz', '2']]);
    expect(offered).toHaveLength(2);
  });

  it('does not swallow other errors', async () => {
    const { io } = scripted(report({ '01-sequence-numbers': 'failed' }), []);
    io.choose = async () => {
      throw new Error('the terminal went away');
    };
    await expect(runMenu(io)).rejects.toThrow('the terminal went away');
  });

  it('says so when every exercise passes, and still offers lessons and quizzes', async () => {
    const { io, ran, offered, printed } = scripted(report({ '01-sequence-numbers': 'passed' }), [
      'pick quiz',
      '1',
      'quit',
    ]);
    await runMenu(io);
    expect(printed).toContain('Every exercise passes its public checks.');
    expect(offered[0]?.some((name) => name.startsWith('Check exercise'))).toBe(false);
    expect(ran).toEqual([['quiz', '1']]);
  });
});
