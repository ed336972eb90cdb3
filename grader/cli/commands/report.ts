/** `tcplab report`: a saved JSON report rendered in another format, or as students see it. */
import { type Command, Option } from 'commander';
import type { ReportFlags } from '../actions/report.js';
import { withRun } from '../cli-run.js';
import { REPORT_FORMATS } from '../formats.js';
import { parsePercent, parseScore } from '../options.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'render a saved JSON report (check or grade --format json) in another format: markdown, annotations for GitHub, junit, …',
    )
    .argument('<report>', 'the report, e.g. tcplab-report.json')
    .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('table'))
    .option('--out <file>', 'write to a file instead of the terminal')
    .option('--min-score <score>', 'exit with 1 when the score is lower', parseScore)
    .option(
      '--min-percent <percent>',
      'exit with 1 when the score is a lower share of the most it can be',
      parsePercent,
    )
    .option('--rubric <file>', "show a hidden report as the rubric's visibility lets students see it")
    .action(
      withRun(async (run, report: string, opts: ReportFlags) => {
        const { runReport } = await import('../actions/report.js');
        return runReport(report, opts, run.out);
      }),
    );
}
