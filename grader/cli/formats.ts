/** Report formats of `tcplab grade` (kept apart so the CLI can list them without loading the grader). */
export const FORMATS = ['table', 'json', 'junit', 'markdown', 'gradescope'] as const;
export type Format = (typeof FORMATS)[number];
