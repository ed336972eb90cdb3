/** `tcplab export-student`: write the kit as students get it (instructors). */
import type { Command } from 'commander';
import { withRun } from '../cli-run.js';
import { UsageError } from '../errors.js';
import { INSTRUCTOR, instructorModule } from '../instructor.js';
import { parsePercent } from '../options.js';

export function registerExportStudent(program: Command): void {
  program
    .command('export-student', { hidden: !INSTRUCTOR })
    .description('write the kit as students get it: no reference source, no hidden checks, no generator')
    .argument('<outdir>', 'a new or empty folder outside the kit')
    .option('--min-percent <percent>', "the share of the public checks below which the kit's GitHub workflow fails (default 0: it never fails on the score)", parsePercent)
    .action(withRun(async (run, outdir: string, opts: { minPercent?: number }) => {
      const exported = await instructorModule('export-student', 'export-student');
      try {
        const files = await exported.exportStudent(outdir, opts.minPercent !== undefined ? { minPercent: opts.minPercent } : {});
        run.out([
          `${files} files written to ${outdir}. Left out:`,
          ...exported.LEFT_OUT.map((l) => `  ${l.path}: ${l.why}`),
          'Give students that folder (it installs and runs on its own: npm install && npm start).',
        ].join('\n'));
      } catch (e) {
        if (e instanceof exported.ExportError) throw new UsageError(e.message);
        throw e;
      }
    }));
}
