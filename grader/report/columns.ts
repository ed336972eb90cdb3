/**
 * Rows laid out in columns by cli-table3, without borders: a column is as wide as its widest cell
 * in terminal columns, so colour codes count for nothing and a Chinese character counts for two.
 */
import Table from 'cli-table3';

/** No borders; two spaces between columns; no padding or colour of cli-table3's own. */
export const PLAIN = {
  chars: {
    top: '',
    'top-mid': '',
    'top-left': '',
    'top-right': '',
    bottom: '',
    'bottom-mid': '',
    'bottom-left': '',
    'bottom-right': '',
    left: '',
    'left-mid': '',
    mid: '',
    'mid-mid': '',
    right: '',
    'right-mid': '',
    middle: '  ',
  },
  style: { 'padding-left': 0, 'padding-right': 0, head: [] as string[], border: [] as string[] },
};

/** A row's cells: text, or text spanning several columns (a heading between groups of rows). */
export type Row = (string | { content: string; colSpan: number })[];

/** One line per row (cells are single lines), without trailing spaces; `align` per column, left by default. */
export function columns(rows: readonly Row[], align: readonly ('left' | 'right')[] = []): string[] {
  if (rows.length === 0) return [];
  const table = new Table({ ...PLAIN, colAligns: [...align] });
  table.push(...rows.map((r) => [...r]));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
}
