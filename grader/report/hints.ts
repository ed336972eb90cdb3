/**
 * The hint files, `exercises/NN-topic/hints.<lang>.md`: one `## <catalogue id>` section per
 * transition, a `lesson: <file>#<anchor>` line, then numbered levels (a question, then the rule).
 */
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

export function parseHints(text: string, file: string): { hints: Hint[]; problems: HintProblem[] } {
  const hints: Hint[] = [];
  const problems: HintProblem[] = [];
  let current: Hint | undefined;
  let level: string[] | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    const n = index + 1;
    const heading = /^## (.+)$/.exec(line);
    if (heading) {
      current = { id: heading[1]!.trim(), lesson: '', levels: [], line: n };
      hints.push(current);
      level = undefined;
      return;
    }
    if (!current) return;
    const lesson = /^lesson:\s*(\S+)\s*$/.exec(line);
    if (lesson) {
      current.lesson = lesson[1]!;
      return;
    }
    const item = /^(\d+)\.\s+(.*)$/.exec(line);
    if (item) {
      if (Number(item[1]) !== current.levels.length + 1) {
        problems.push({ file, line: n, message: `level ${item[1]} of '${current.id}' is out of order` });
      }
      level = [item[2]!];
      current.levels.push('');
      current.levels[current.levels.length - 1] = item[2]!;
      return;
    }
    if (level && /^\s+\S/.test(line)) {
      const before = current.levels[current.levels.length - 1]!;
      const next = line.trim();
      // Chinese wraps without spaces: joining two lines of it must not add one.
      const joint = WIDE.test(before.slice(-1)) && WIDE.test(next.charAt(0)) ? '' : ' ';
      current.levels[current.levels.length - 1] = `${before}${joint}${next}`;
    }
  });
  for (const h of hints) {
    if (!h.lesson) problems.push({ file, line: h.line, message: `'${h.id}' has no lesson: line` });
    if (h.levels.length < 2) problems.push({ file, line: h.line, message: `'${h.id}' needs at least two levels (a question, then the rule)` });
  }
  return { hints, problems };
}
