/** The call of a `user` line: OPEN, SEND, CLOSE, ABORT or RECEIVE, with their arguments. */
import type { UserCall } from '../../engine/types.js';
import { LineProblem, MAX_LEN, integer, type Cursor } from './lex.js';

const CALLS = ['OPEN', 'SEND', 'CLOSE', 'ABORT', 'RECEIVE'] as const;

export function parseCall(cur: Cursor): UserCall {
  const tok = cur.peek();
  if (!tok || tok.quoted || !(CALLS as readonly string[]).includes(tok.text))
    cur.fail(`a user call (${CALLS.join(', ')})`);
  cur.next();
  switch (tok.text as (typeof CALLS)[number]) {
    case 'OPEN': {
      const mode = cur.peek();
      if (!mode || (mode.text !== 'active' && mode.text !== 'passive') || mode.quoted)
        cur.fail("'active' or 'passive' after OPEN");
      cur.next();
      let keepAlive = false;
      if (cur.peek()?.text === 'keepalive' && !cur.peek()?.quoted) {
        cur.next();
        keepAlive = true;
      }
      cur.end(`OPEN ${mode.text}${keepAlive ? ' keepalive' : ''} (only 'keepalive' may follow the mode)`);
      return { call: 'OPEN', mode: mode.text as 'active' | 'passive', ...(keepAlive ? { keepAlive } : {}) };
    }
    case 'SEND': {
      const what = cur.peek();
      if (!what) cur.fail('a length or a "quoted text" after SEND');
      cur.next();
      let data: string;
      if (what.quoted) {
        if (what.text.length === 0)
          throw new LineProblem(what.col, 'expected at least one octet of text after SEND, got ""');
        data = what.text;
      } else {
        data = 'x'.repeat(integer(what, 'a length or a "quoted text" after SEND', 1, MAX_LEN));
      }
      cur.end('SEND');
      return { call: 'SEND', data };
    }
    case 'CLOSE': {
      // `CLOSE full` is the socket API's close() (RFC 9293 §3.6.1, SHLD-3), `CLOSE full unread` the
      // same with received data left unread; plain CLOSE is the RFC's, shutdown(SHUT_WR).
      if (cur.peek()?.text !== 'full' || cur.peek()?.quoted) {
        cur.end('CLOSE');
        return { call: 'CLOSE' };
      }
      cur.next();
      const unread = cur.peek()?.text === 'unread' && !cur.peek()?.quoted;
      if (unread) cur.next();
      cur.end(`CLOSE full${unread ? ' unread' : ''} (only 'unread' may follow 'full')`);
      return { call: 'CLOSE', full: true, ...(unread ? { unread: true } : {}) };
    }
    case 'ABORT':
    case 'RECEIVE': {
      cur.end(tok.text);
      return { call: tok.text as 'ABORT' | 'RECEIVE' };
    }
  }
}
