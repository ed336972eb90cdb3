/** `tcplab quiz`: a lesson's quiz, asked on a terminal, printed with its answers elsewhere. */
import type { Command } from 'commander';
import { withRun } from '../cli-run.js';
import { parseLang } from '../options.js';

export function registerQuiz(program: Command): void {
  program
    .command('quiz')
    .description("take a lesson's quiz (prints questions and answers when not on a terminal)")
    .argument('<n>', 'lesson number or name')
    .option('--lang <lang>', 'en or zh-CN', parseLang, 'en' as const)
    .action(
      withRun(async (run, n: string, opts: { lang: 'en' | 'zh-CN' }) => {
        const { takeQuiz } = await import('../actions/learn.js');
        return takeQuiz(n, opts.lang, run.out);
      }),
    );
}
