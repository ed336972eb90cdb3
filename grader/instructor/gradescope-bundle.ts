/**
 * `tcplab gradescope-bundle OUT.zip [--rubric F] [--seed N | --public]`: the autograder Gradescope
 * builds its image from. The zip holds `setup.sh` (run once, as root, at the image build: Node 20 and
 * the kit's packages), `run_autograder` (run per submission: the grade, written to results.json as the
 * rubric's visibility says), the rubric, and the whole instructor's kit in `kit/`, hidden checks
 * included. Neither script names a fixed root: each finds the kit beside itself. It is reproducible:
 * the same kit, rubric and seed give the same bytes.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { KIT } from '../runner/kit.js';
import { UsageError } from '../cli/errors.js';
import { MB, readInputFile, shown } from '../cli/input-file.js';
import { readRubricFile } from '../cli/rubric-file.js';
import { outputFileProblem, writeAtomically } from '../cli/output-file.js';
import { kitFiles } from '../kit/kit-files.js';

/** Fixed times make the same kit give the same zip. */
const MTIME = new Date('2026-01-01T00:00:00Z');
const UNIX = 3;

export interface BundleOptions {
  /** Seed of the hidden suite (42 unless given). */
  seed?: number;
  /** A rubric file: the exercises that count, weights, and what students see. */
  rubric?: string;
  /** Grade with the public checks instead of the hidden suite. */
  public?: boolean;
}

/** The grade's arguments, the same in setup.sh (the reference, to fill the caches) and run_autograder. */
function gradeArgs(options: BundleOptions): string {
  const mode = options.public ? '' : ` --hidden --seed ${options.seed ?? 42}`;
  return `${mode}${options.rubric !== undefined ? ' --rubric "$HERE/rubric.yaml"' : ''}`;
}

/** Where the scripts are: Gradescope runs them from ROOT/source, or run_autograder as a copy in ROOT itself. */
const LOCATE = `HERE="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
if [ ! -d "$HERE/kit" ] && [ -d "$HERE/source/kit" ]; then HERE="$HERE/source"; fi
KIT="$HERE/kit"`;

function setup(options: BundleOptions): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: Node.js 20, the kit's
# packages, and one grade of the reference, which leaves the suite and the sandbox's programs in the
# image's cache (each submission then starts from them).
set -euo pipefail
${LOCATE}
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
cd "$KIT"
npm ci --no-audit --no-fund
node grader/cli/bin.js grade solutions${gradeArgs(options)} --format json >/dev/null
`;
}

function runAutograder(options: BundleOptions): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission: the grade, as results.json. The submission and the
# results are beside source/ (in Gradescope's root folder; AUTOGRADER_ROOT says where when it is tried
# elsewhere). What was handed in (the kit, its exercises/, loose files, a .zip or .tar.gz) goes
# through the kit's intake, as with tcplab grade.
set -uo pipefail
${LOCATE}
ROOT="\${AUTOGRADER_ROOT:-$(cd "$HERE/.." && pwd)}"
mkdir -p "$ROOT/results"
RESULTS="$ROOT/results/results.json"
ERRORS="$(mktemp)"
# From ROOT, files are named as handed in (submission/time-wait.ts), never by a temporary path.
cd "$ROOT"
if ! node "$KIT/grader/cli/bin.js" grade submission${gradeArgs(options)} --format gradescope --out "$RESULTS" 2>"$ERRORS"; then
  # Nothing could be graded (nothing handed in, an archive refused, or the grader failed): the student is told why.
  node -e 'const fs = require("node:fs"); const why = fs.readFileSync(process.argv[2], "utf8").replace(/^tcplab: /gm, "").trim(); fs.writeFileSync(process.argv[1], JSON.stringify({ score: 0, output: "tcp-lab could not grade this submission: " + why + "\\n\\nHand in your exercise files (such as time-wait.ts), your exercises/ folder, your copy of the kit, or a .zip or .tar.gz of them.", visibility: "visible" }))' "$RESULTS" "$ERRORS"
fi
cat "$ERRORS" >&2
rm -f "$ERRORS"
`;
}

export class BundleError extends Error {}

/** Write the autograder zip to `out` (replacing a previous one only once the new one is whole); returns how many files it holds. */
export function gradescopeBundle(out: string, options: BundleOptions = {}): number {
  const problem = outputFileProblem(out);
  if (problem) throw new BundleError(`gradescope-bundle ${shown(out)}: ${problem}`);
  // Read and checked now: a mistake in it is found here, not by the first student.
  const rubric = options.rubric === undefined ? undefined : readInputFile(options.rubric, 'rubric', MB);
  if (rubric !== undefined) readRubricFile(options.rubric!);
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const entry = (data: Uint8Array, mode: number): [Uint8Array, { os: number; attrs: number; mtime: Date }] => [
    data,
    { os: UNIX, attrs: (0o100000 | mode) << 16, mtime: MTIME },
  ];
  const files: Zippable = {
    'setup.sh': entry(text(setup(options)), 0o755),
    run_autograder: entry(text(runAutograder(options)), 0o755),
    ...(rubric !== undefined ? { 'rubric.yaml': entry(text(rubric), 0o644) } : {}),
  };
  for (const rel of kitFiles())
    files[`kit/${rel}`] = entry(readFileSync(join(KIT, rel)), statSync(join(KIT, rel)).mode & 0o111 ? 0o755 : 0o644);
  writeAtomically(out, zipSync(files, { level: 9 }));
  return Object.keys(files).length;
}

/** `tcplab gradescope-bundle ZIP`: the bundle, and what it holds; an option or file it refuses is a usage error. */
export function runGradescopeBundle(
  zip: string,
  options: BundleOptions & { seedGiven: boolean },
  out: (text: string) => void,
): number {
  const { seedGiven, ...bundle } = options;
  if (bundle.public && seedGiven) {
    throw new UsageError(
      `--seed ${bundle.seed}: the public checks have one fixed seed; leave out --public to grade with seed ${bundle.seed}`,
    );
  }
  try {
    const files = gradescopeBundle(zip, bundle);
    const suite = bundle.public ? 'public checks' : `hidden suite seed ${bundle.seed}`;
    out(
      [
        `${zip}: ${files} files (setup.sh, run_autograder, the kit under kit/); ${suite}${bundle.rubric ? `, rubric ${bundle.rubric}` : ''}.`,
        'Upload it as the autograder of a Gradescope programming assignment.',
      ].join('\n'),
    );
    return 0;
  } catch (e) {
    if (e instanceof BundleError) throw new UsageError(e.message);
    throw e;
  }
}
