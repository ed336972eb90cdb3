/** `tcplab hint`: the next hint for the first transition an exercise fails. */
import type { Command } from 'commander';
import { interruptible, withRun } from '../cli-run.js';
import { parseLang } from '../options.js';

export function registerHint(program: Command): void {
  program
    .command('hint')
    .description('the next hint for the first transition your exercise fails (run again for the next level)')
    .argument('<exercise>', 'the exercise, e.g. 04')
    .option('--lang <lang>', 'en or zh-CN', parseLang, 'en' as const)
    .option('--reset', 'start again from the first hint')
    .action(
      withRun(async (run, exercise: string, opts: { lang: 'en' | 'zh-CN'; reset?: boolean }) => {
        await interruptible(run);
        const { runHint } = await import('../actions/hint.js');
        return runHint(exercise, opts, run.out);
      }),
    );
}
