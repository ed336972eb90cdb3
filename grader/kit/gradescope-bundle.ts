/**
 * `tcplab gradescope-bundle OUT.zip`: the autograder Gradescope builds its image from. The zip holds
 * `setup.sh` (run once, as root, at the image build: Node 20 and the kit's packages), `run_autograder`
 * (run per submission: the hidden grade, written to results.json) and the whole instructor's kit in
 * `kit/`, hidden checks included. It is reproducible: the same kit and seed give the same bytes.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { EXERCISES } from '../engine/exercises.js';
import { KIT } from '../runner/kit.js';
import { shown } from '../cli/input-file.js';
import { outputFileProblem, writeAtomically } from '../cli/output-file.js';
import { kitFiles } from './kit-files.js';

/** Fixed times make the same kit give the same zip. */
const MTIME = new Date('2026-01-01T00:00:00Z');
const UNIX = 3;
/** A regular file (S_IFREG), in the high bits with its permissions. */

function setup(seed: number): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: Node.js 20, the kit's
# packages, and one grade of the reference, which leaves the suite for this seed and the sandbox's
# programs in the image's cache (each submission then starts from them).
set -euo pipefail
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
cd /autograder/source/kit
npm ci --no-audit --no-fund
node grader/cli/bin.js grade solutions --hidden --seed ${seed} --format json --out /tmp/tcplab-reference.json
`;
}

function runAutograder(seed: number): string {
  const files = EXERCISES.filter((e) => e.module).map((e) => `${e.id}/${e.file}`).join(' ');
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission: the hidden grade, as results.json. AUTOGRADER_ROOT
# stands in for /autograder when the autograder is tried elsewhere.
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
SUBMISSION="$ROOT/submission"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
# Files handed in on their own, not in their exercise folders, are put where the kit expects them
# (a symbolic link is not a file handed in: it could point at the kit's own solutions).
FLAT="$(mktemp -d)"
for path in ${files}; do
  if [ -f "$SUBMISSION/$(basename "$path")" ] && [ ! -L "$SUBMISSION/$(basename "$path")" ]; then
    mkdir -p "$FLAT/$(dirname "$path")"
    cp "$SUBMISSION/$(basename "$path")" "$FLAT/$path"
  fi
done
DIR="$SUBMISSION"
if [ -n "$(ls -A "$FLAT")" ]; then DIR="$FLAT"; fi
cd "$ROOT/source/kit"
ERRORS="$(mktemp)"
if ! node grader/cli/bin.js grade "$DIR" --hidden --seed ${seed} --format gradescope --out "$RESULTS" 2>"$ERRORS"; then
  # Nothing could be graded (no exercise found, or the grader failed): the student is told why.
  node -e 'const fs = require("node:fs"); fs.writeFileSync(process.argv[1], JSON.stringify({ score: 0, output: "tcp-lab could not grade this submission: " + fs.readFileSync(process.argv[2], "utf8").trim() + "\\nHand in your exercise files (such as time-wait.ts), your exercises/ folder, or your copy of the kit." }))' "$RESULTS" "$ERRORS"
fi
cat "$ERRORS" >&2
rm -rf "$FLAT" "$ERRORS"
`;
}

export class BundleError extends Error {}

/** Write the autograder zip to `out` (replacing a previous one only once the new one is whole); returns how many files it holds. */
export function gradescopeBundle(out: string, seed: number): number {
  const problem = outputFileProblem(out);
  if (problem) throw new BundleError(`gradescope-bundle ${shown(out)}: ${problem}`);
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const entry = (data: Uint8Array, mode: number): [Uint8Array, { os: number; attrs: number; mtime: Date }] => [data, { os: UNIX, attrs: (0o100000 | mode) << 16, mtime: MTIME }];
  const files: Zippable = {
    'setup.sh': entry(text(setup(seed)), 0o755),
    run_autograder: entry(text(runAutograder(seed)), 0o755),
  };
  for (const rel of kitFiles()) files[`kit/${rel}`] = entry(readFileSync(join(KIT, rel)), statSync(join(KIT, rel)).mode & 0o111 ? 0o755 : 0o644);
  writeAtomically(out, zipSync(files, { level: 9 }));
  return Object.keys(files).length;
}
