/** `tcplab lesson`: a lesson rendered for the terminal (Markdown rendering loads only when it runs). */
import type { Command } from 'commander';
import { withRun } from '../cli-run.js';
import { parseLang } from '../options.js';

export function registerLesson(program: Command): void {
  program
    .command('lesson')
    .description('read a lesson in the terminal')
    .argument('<n>', 'lesson number or name, e.g. 5 or 05-time-wait')
    .option('--lang <lang>', 'en or zh-CN', parseLang, 'en' as const)
    .action(
      withRun(async (run, n: string, opts: { lang: 'en' | 'zh-CN' }) => {
        const { renderLesson } = await import('../actions/learn.js');
        run.out(renderLesson(n, opts.lang));
      }),
    );
}
