/** For tests: run the CLI in-process and capture what it prints and the exit code it would set. */
import { vi } from 'vitest';
import { main } from './main.js';

export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const lines: string[] = [];
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await main(argv, (t) => lines.push(t));
    return { code, out: lines.join('\n'), err };
  } finally {
    spy.mockRestore();
  }
}
