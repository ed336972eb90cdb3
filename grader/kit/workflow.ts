/**
 * `.github/workflows/grade.yml`, the GitHub Actions workflow a student's kit ships with: on every push
 * and pull request, one run of `tcplab check`, its JSON report rendered into the step summary
 * (Markdown) and into annotations on the student's lines (`::error file=…,line=…::`), kept as an
 * artifact, and the job failed below the share of the public checks the instructor set at export.
 * Every later step reads the one report, so the checks run once. Steps call the kit's launcher,
 * ./tcplab, rather than npx, which would add half a second of its own to each.
 */

export const WORKFLOW_PATH = '.github/workflows/grade.yml';
export const REPORT_FILE = 'tcplab-report.json';

/** The workflow's text; `minPercent` (0 to 100) fails the job below that share of the public checks, none: never on the score. */
export function gradeWorkflow(minPercent?: number): string {
  const haveReport = `\${{ !cancelled() && hashFiles('${REPORT_FILE}') != '' }}`;
  const threshold =
    minPercent === undefined
      ? ''
      : `
      - name: At least ${minPercent}% of the public checks
        run: ./tcplab report ${REPORT_FILE} --min-percent ${minPercent}
`;
  return `# tcp-lab: the public checks of your exercises on every push and pull request. They run once;
# the report is shown as this run's summary and as annotations on your code, and kept as an artifact.
# ./tcplab needs its executable bit in the repository: from Windows, git update-index --chmod=+x tcplab
name: tcp-lab checks
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci --no-audit --no-fund
      - name: Public checks
        run: ./tcplab check --format json --out ${REPORT_FILE}
      - name: Summary
        if: ${haveReport}
        run: ./tcplab report ${REPORT_FILE} --format markdown >> "$GITHUB_STEP_SUMMARY"
      - name: Annotations on your code
        if: ${haveReport}
        run: ./tcplab report ${REPORT_FILE} --format annotations
      - name: Keep the report
        if: ${haveReport}
        uses: actions/upload-artifact@v4
        with:
          name: tcplab-report
          path: ${REPORT_FILE}
${threshold}`;
}
