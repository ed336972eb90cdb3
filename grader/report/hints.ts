/**
 * The hint files, `exercises/NN-topic/hints.<lang>.md`: one `## <catalogue id>` section per
 * transition, a `lesson: <file>#<anchor>` line, then numbered levels (a question, then the rule).
 * Read with marked's lexer, as any Markdown reader would see the file.
 */
import type { Tokens } from 'marked';
import { linesIn, markdownBlocks } from './markdown-blocks.js';

export interface Hint {
  id: string;
  lesson: string;
  levels: string[];
  line: number;
}

interface HintProblem {
  file: string;
  line: number;
  message: string;
}

/** CJK ideographs and full-width punctuation, which run together without spaces. */
const WIDE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** A level's lines as one text; Chinese wraps without spaces, so joining two lines of it adds none. */
function joinLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.reduce((joined, next) => {
    const joint = joined === '' || (WIDE.test(joined.slice(-1)) && WIDE.test(next.charAt(0))) ? '' : ' ';
    return `${joined}${joint}${next}`;
  }, '');
}

/** The levels of a numbered list, each checked to be the next number, with the line it starts on. */
function readLevels(list: Tokens.List, line: number, hint: Hint, file: string, problems: HintProblem[]): void {
  let offset = 0;
  for (const item of list.items) {
    offset = list.raw.indexOf(item.raw, offset);
    const number = Number(/^\s*(\d+)/.exec(item.raw)?.[1]);
    if (number !== hint.levels.length + 1) {
      problems.push({
        file,
        line: line + linesIn(list.raw.slice(0, offset)),
        message: `level ${number} of '${hint.id}' is out of order`,
      });
    }
    hint.levels.push(joinLines(item.text));
  }
}

export function parseHints(text: string, file: string): { hints: Hint[]; problems: HintProblem[] } {
  const hints: Hint[] = [];
  const problems: HintProblem[] = [];
  let current: Hint | undefined;
  for (const { token, line } of markdownBlocks(text)) {
    if (token.type === 'heading' && token.depth === 2) {
      current = { id: token.text.trim(), lesson: '', levels: [], line };
      hints.push(current);
    } else if (current && token.type === 'paragraph') {
      const lesson = /^lesson:\s*(\S+)\s*$/m.exec(token.text);
      if (lesson) current.lesson = lesson[1]!;
    } else if (current && token.type === 'list' && token.ordered) {
      readLevels(token as Tokens.List, line, current, file, problems);
    }
  }
  for (const h of hints) {
    if (!h.lesson) problems.push({ file, line: h.line, message: `'${h.id}' has no lesson: line` });
    if (h.levels.length < 2)
      problems.push({ file, line: h.line, message: `'${h.id}' needs at least two levels (a question, then the rule)` });
  }
  return { hints, problems };
}
