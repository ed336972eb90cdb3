/** Columns are measured in terminal columns: a CJK ideograph takes two (Unicode UAX #11, East Asian Wide), an ANSI colour code none. */
import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import { columns } from './columns.js';

describe('columns', () => {
  it('counts a Chinese character as two columns', () => {
    // 三次握手 is four wide characters, eight columns: 'abcd' gets four spaces more, then the two between columns.
    expect(
      columns([
        ['三次握手', 'x'],
        ['abcd', 'y'],
      ]),
    ).toEqual(['三次握手  x', 'abcd      y']);
  });

  it('counts colour codes as nothing, and aligns right where asked', () => {
    const pc = createColors(true);
    const lines = columns(
      [
        [pc.red('ab'), '1/2'],
        ['abcd', '10/20'],
      ],
      ['left', 'right'],
    );
    expect(lines[0]).toBe(`${pc.red('ab')}      1/2`);
    expect(lines[1]).toBe('abcd  10/20');
  });

  it('spans a heading across the columns without widening them, and trims line ends', () => {
    expect(columns([['a', 'b'], [{ content: 'H', colSpan: 2 }], ['ccc', 'd']])).toEqual(['a    b', 'H', 'ccc  d']);
    expect(columns([])).toEqual([]);
  });
});
