/** `tcplab catalogue`: every transition the engine knows, as a table or JSON. */
import type { Command } from 'commander';
import { CATALOGUE } from '../../engine/catalogue.js';
import { withRun } from '../cli-run.js';
import { catalogueTable } from '../render.js';

export function registerCatalogue(program: Command): void {
  program
    .command('catalogue')
    .description('list every transition of the state machine the engine knows')
    .option('--json', 'print the entries as a JSON array')
    .action(
      withRun((run, opts: { json?: boolean }) => {
        run.out(opts.json ? JSON.stringify(CATALOGUE, null, 2) : catalogueTable(CATALOGUE));
      }),
    );
}
