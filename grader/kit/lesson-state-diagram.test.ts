/**
 * Lesson 04 ends its topics with the whole state diagram on one page, in both languages: a text
 * drawing that names all eleven RFC 9293 states, and a Mermaid stateDiagram-v2 with every state and
 * every edge of RFC 9293 §3.3.2 Figure 5 (the edge its Note 2 adds included), nothing more.
 */
import { describe, expect, it } from 'vitest';
import { STATES } from '../engine/types.js';
import { LANGS, loadLesson, type CodeBlock } from './lessons.js';
import { checkMermaid } from './mermaid.js';
import { FIGURE_5 } from '../engine/testing/figure-5.js';

const LESSON = '04-four-way-close';
const SECTION = 'state-diagram';

function sectionBlocks(lang: (typeof LANGS)[number]): CodeBlock[] {
  const lesson = loadLesson(lang, LESSON);
  const at = lesson.sections.findIndex((s) => s.id === SECTION);
  expect(at, `${lesson.file}: no section '${SECTION}'`).toBeGreaterThanOrEqual(0);
  const from = lesson.sections[at]!.line;
  const to = lesson.sections[at + 1]?.line ?? Infinity;
  return lesson.blocks.filter((b) => b.line > from && b.line < to);
}

/** States and edges of a stateDiagram-v2, with `state "X-Y" as X_Y` aliases resolved. */
function stateGraph(text: string): { states: Set<string>; edges: string[] } {
  const alias = new Map<string, string>();
  const states = new Set<string>();
  const edges: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    const named = /^state "([^"]+)" as (\w+)$/.exec(line);
    if (named) alias.set(named[2]!, named[1]!);
    const edge = /^(\[\*\]|\w+)\s*-->\s*(\[\*\]|\w+)/.exec(line);
    if (!edge) continue;
    const [from, to] = [edge[1]!, edge[2]!].map((id) => alias.get(id) ?? id);
    for (const s of [from, to]) if (s !== '[*]') states.add(s!);
    if (from !== '[*]') edges.push(`${from}>${to}`);
  }
  return { states, edges };
}

describe('the whole state diagram (lesson 04)', () => {
  for (const lang of LANGS) {
    it(`${lang}: a text drawing naming every state`, () => {
      const text = sectionBlocks(lang).filter((b) => b.lang === 'text');
      expect(text.length).toBe(1);
      for (const state of STATES) expect(text[0]!.text, state).toMatch(new RegExp(`\\| *${state} *\\|`));
    });

    it(`${lang}: a valid Mermaid stateDiagram-v2 with every state and exactly Figure 5's edges`, () => {
      const mermaid = sectionBlocks(lang).filter((b) => b.lang === 'mermaid');
      expect(mermaid.length).toBe(1);
      expect(checkMermaid(mermaid[0]!.text)).toEqual([]);
      expect(mermaid[0]!.text.trim().split('\n')[0]).toBe('stateDiagram-v2');
      const { states, edges } = stateGraph(mermaid[0]!.text);
      expect([...states].sort()).toEqual([...STATES].sort());
      expect([...edges].sort()).toEqual([...FIGURE_5].sort());
    });
  }
});
