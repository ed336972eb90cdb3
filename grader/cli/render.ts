/** Terminal renderings shared by the commands: the catalogue table, the scenario list, `ss -tan`. */
import Table from 'cli-table3';
import pc from 'picocolors';
import { PLAIN } from '../report/columns.js';
import type { CatalogueEntry } from '../engine/catalogue.js';
import type { Scenario } from '../sim/scenarios/index.js';
import type { SsRow } from '../sim/trace.js';
import type { State } from '../engine/types.js';

export function catalogueTable(entries: readonly CatalogueEntry[]): string {
  const table = new Table({ head: ['transition', 'exercise', 'rfc', 'what happens'].map((h) => pc.bold(h)), ...PLAIN });
  for (const e of entries) table.push([e.id, e.exercise, e.rfc, e.summary]);
  return table.toString();
}

export function scenarioList(scenarios: readonly Scenario[]): string {
  const table = new Table({ head: ['scenario', 'what it shows'].map((h) => pc.bold(h)), ...PLAIN });
  for (const s of scenarios) table.push([s.name, s.summary]);
  return table.toString();
}

/** The names `ss` prints for states (it shortens two of them). */
const SS_NAMES: Partial<Record<State, string>> = { ESTABLISHED: 'ESTAB', 'SYN-RECEIVED': 'SYN-RECV' };

/** An `ss -tan`-style listing, with a count per state under it. */
export function ssListing(rows: readonly SsRow[]): string {
  const table = new Table({
    head: ['State', 'Local Address:Port', 'Peer Address:Port', 'host'].map((h) => pc.bold(h)),
    ...PLAIN,
  });
  for (const r of rows) table.push([SS_NAMES[r.state] ?? r.state, r.local, r.peer, r.host]);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(`${r.host} ${r.state}`, (counts.get(`${r.host} ${r.state}`) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${n} × ${k}`).join(', ');
  return `${table.toString()}\n\n${summary}`;
}
