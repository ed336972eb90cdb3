/** Markdown read as marked's lexer reads it: the top-level blocks, each with the line it starts on. */
import { Lexer, type Token } from 'marked';

export interface Block {
  token: Token;
  /** 1-based line of the block's first character. */
  line: number;
}

/** How many lines `text` ends past its start. */
export const linesIn = (text: string): number => text.split('\n').length - 1;

/** The blocks of `text` in order; their raw texts, joined, are the whole source, so lines add up. */
export function markdownBlocks(text: string): Block[] {
  let line = 1;
  return new Lexer().lex(text).map((token) => {
    const block = { token, line };
    line += linesIn(token.raw);
    return block;
  });
}
