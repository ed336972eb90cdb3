/** For tests of the sandbox: how many processes are running whose command line mentions `text` (Linux's /proc). */
import { readdirSync, readFileSync } from 'node:fs';

export function processesWith(text: string): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) n++;
    } catch {
      /* gone */
    }
  }
  return n;
}
