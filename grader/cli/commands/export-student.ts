/** `tcplab export-student`: write the kit as students get it (instructors; grader/instructor/export-student.ts). */
import type { Command } from 'commander';
import { withRun } from '../cli-run.js';
import { INSTRUCTOR, instructorModule } from '../instructor.js';
import { parsePercent } from '../options.js';

export function registerExportStudent(program: Command): void {
  program
    .command('export-student', { hidden: !INSTRUCTOR })
    .description('write the kit as students get it: no reference source, no hidden checks, no generator')
    .argument('<outdir>', 'a new or empty folder outside the kit')
    .option(
      '--min-percent <percent>',
      "the share of the public checks below which the kit's GitHub workflow fails (default 0: it never fails on the score)",
      parsePercent,
    )
    .action(
      withRun(async (run, outdir: string, opts: { minPercent?: number }) => {
        const { runExportStudent } = await instructorModule('export-student', 'export-student');
        return runExportStudent(outdir, opts, run.out);
      }),
    );
}
