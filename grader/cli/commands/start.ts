/**
 * `tcplab` with no command: the menu on a terminal, else where to start; an unknown word is a usage
 * error listing the commands this kit has.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { type CliRun, withRun } from '../cli-run.js';
import { UsageError } from '../errors.js';
import { INSTRUCTOR, INSTRUCTOR_ONLY } from '../instructor.js';
import { traceHelp } from './trace.js';

const interactiveTerminal = (): boolean =>
  Boolean(process.stdout.isTTY && process.stdin.isTTY) && process.env['CI'] !== 'true';

function welcome(): string {
  return [
    `${pc.bold('tcp-lab')}: TCP connection management, step by step.`,
    '',
    pc.bold('Start here'),
    '  Read lesson 1:    ./tcplab lesson 1   (--lang zh-CN for Chinese)',
    '  Take its quiz:    ./tcplab quiz 1',
    '  Then exercise 01: exercises/01-sequence-numbers/README.md',
    '  Test your work:   npm run test:exercises -- 01   and   ./tcplab check 01',
    '  Stuck:            ./tcplab hint 01   (again for the next hint)',
    '  Already started:  ./tcplab status    (every exercise, and your next step)',
    '',
    traceHelp(),
    '',
    'All transitions:  ./tcplab catalogue',
    'All commands:     ./tcplab --help',
  ].join('\n');
}

/** The menu: inquirer asks, and each choice runs as the command a student could type, in a run of its own. */
async function menu(run: CliRun): Promise<number> {
  const [{ select }, { runMenu }, { publicCheck }, { main }] = await Promise.all([
    import('@inquirer/prompts'),
    import('../actions/menu.js'),
    import('../grading.js'),
    import('../main.js'),
  ]);
  try {
    return await runMenu({
      choose: (message, choices) => select({ message, choices, pageSize: choices.length }),
      out: run.out,
      run: async (args) => {
        const code = await main(args, run.out, run.ownsSignals);
        run.out('');
        return code;
      },
      progress: () => publicCheck('exercises'),
    });
  } catch (e) {
    // Ctrl+C at a question ends the menu, as it ends any command.
    if (e instanceof Error && e.name === 'ExitPromptError') return 0;
    throw e;
  }
}

export function registerStart(program: Command): void {
  program.argument('[words...]').action(
    withRun(async (run, words: string[]) => {
      if (words.length === 0 && interactiveTerminal()) return menu(run);
      if (words.length > 0) {
        const names = program.commands.filter((c) => INSTRUCTOR || !INSTRUCTOR_ONLY.has(c.name())).map((c) => c.name());
        throw new UsageError(`unknown command '${words[0]}'. Commands: ${names.join(', ')} (tcplab --help for more)`);
      }
      run.out(welcome());
    }),
  );
}
