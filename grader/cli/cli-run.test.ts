/**
 * A run's exit code belongs to that run: an action returns it, a nested run (the menu runs commands
 * inside a run of its own) keeps its own, and a subcommand's action reaches the run of its program.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { attachRun, type CliRun, withRun } from './cli-run.js';
import { main } from './main.js';

function program(run: CliRun, nested?: (argv: string[]) => Promise<number>): Command {
  const p = new Command('t').exitOverride();
  attachRun(p, run);
  p.command('fail').action(withRun(() => 1));
  p.command('quiet').action(
    withRun((r) => {
      r.out('said');
    }),
  );
  p.command('outer').action(
    withRun(async () => {
      // The inner run fails; this one does not, whatever the inner one returned.
      expect(await nested?.(['fail'])).toBe(1);
      return 0;
    }),
  );
  p.command('group')
    .command('leaf')
    .action(withRun(() => 5));
  return p;
}

async function runOnce(argv: string[]): Promise<{ code: number; said: string[] }> {
  const said: string[] = [];
  const run: CliRun = { out: (t) => said.push(t), ownsSignals: false, exitCode: 0 };
  await program(run, (inner) => runOnce(inner).then((r) => r.code)).parseAsync(argv, { from: 'user' });
  return { code: run.exitCode, said };
}

describe('a tcplab run', () => {
  it('exits with the code its action returns, 0 when it returns none, and prints through its own out', async () => {
    expect((await runOnce(['fail'])).code).toBe(1);
    expect(await runOnce(['quiet'])).toEqual({ code: 0, said: ['said'] });
  });

  it('keeps its code apart from a nested run', async () => {
    expect((await runOnce(['outer'])).code).toBe(0);
  });

  it('reaches its run from a subcommand', async () => {
    expect((await runOnce(['group', 'leaf'])).code).toBe(5);
  });

  it('main: runs at the same time end with their own codes', async () => {
    const out = (): void => {};
    // A usage error (2), a run that succeeds (0), at once: no code shared between them.
    const [bad, good] = await Promise.all([
      main(['trace', 'no-such-scenario'], out),
      main(['catalogue', '--json'], out),
    ]);
    expect(bad).toBe(2);
    expect(good).toBe(0);
  });
});
