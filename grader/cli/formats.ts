/** Report formats of `tcplab grade` (kept apart so the CLI can list them without loading the grader). */
export const FORMATS = ['table', 'json', 'junit', 'markdown', 'gradescope'] as const;
export type Format = (typeof FORMATS)[number];
/** Formats of `tcplab report`: those, and GitHub workflow commands (annotations on the student's lines). */
export const REPORT_FORMATS = [...FORMATS, 'annotations'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
