/**
 * The engine's rate against its ceiling (./engine-rate.ts) as a program of its own, for `npm run
 * bench` to run bundled by esbuild, as the `tcplab` command runs the engine: prints one JSON line.
 * Run through tsx instead, each module is compiled apart with every function given its name at run
 * time, and both loops lose about half their speed, which is not the speed grading sees.
 */
import { engineAgainstCeiling } from './engine-rate.js';

const connections = Number(process.argv[2] ?? 100_000);
if (!Number.isInteger(connections) || connections < 1_000) {
  process.stderr.write(`engine-rate-main: connections must be an integer ≥ 1000, got ${process.argv[2]}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(engineAgainstCeiling(connections))}\n`);
