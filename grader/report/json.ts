/** The report as `tcplab.report/1` JSON text: two-space indented, submitted text's control characters as \u escapes. */
import { inertJson } from './inert.js';
import type { Report } from './model.js';

export function toJson(report: Report): string {
  return inertJson(JSON.stringify(report, null, 2));
}
