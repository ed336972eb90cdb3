/**
 * A time limit on the engine's work, as `tcplab check` puts one on each check. The engine runs in
 * this process (it must answer the kernel within milliseconds), so a handler that loops forever
 * cannot be ended from outside: `vm`'s timeout interrupts whatever JavaScript runs inside the call,
 * the student's module included, and a throw comes back as it was.
 */
import { runInNewContext } from 'node:vm';

export class EngineStopped extends Error {
  override name = 'EngineStopped';
}

/** Run `work` (one input to the engine and everything it triggers) within `limitMs`. */
export function contained(limitMs: number, work: () => void, running: () => string, what: string): void {
  try {
    runInNewContext('work()', { work }, { timeout: limitMs });
  } catch (error) {
    const fn = running();
    const where = fn ? `${fn}()` : 'the engine';
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new EngineStopped(
        `${where} did not return within ${limitMs / 1000} s while handling ${what} (an endless loop?)`,
      );
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new EngineStopped(`${where} threw while handling ${what}: ${message}`);
  }
}
