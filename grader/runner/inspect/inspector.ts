/**
 * The inspector process (started by ./index.ts, bundled into one file): the static checks of a
 * submission's exercise files with ts-morph, then, when asked (no native compiler here), their
 * typecheck. It runs beside the grader, so the grader never loads TypeScript, and the static verdict
 * goes out before the typecheck starts.
 *
 * stdin: `{"exercises":[{"id","file","text","reference"}],"types":boolean}`, where `file` is where
 * the text is checked as if it sat (inside the kit, so its framework imports resolve to the kit's
 * own files) and `reference` the reference's module, whose exports the submission must have.
 * stdout: one line `{"static":{id: StaticVerdict}}`, then, if asked, `{"types":{id: Problem[]}}`.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { exportsOf, staticCheck, type Problem, type StaticVerdict } from './static-checks.js';
import { inspectionProject, signatureFile, typeProblems } from './types.js';

export interface InspectRequest {
  exercises: { id: string; file: string; text: string; reference: string }[];
  types: boolean;
}

const request = JSON.parse(readFileSync(0, 'utf8')) as InspectRequest;
const project = inspectionProject();
const verdicts: Record<string, StaticVerdict> = {};
/** What went wrong checking one file (a file deep enough to overflow the parser, say): it is refused, the others go on. */
const failure = (e: unknown): Problem => ({ message: `the checks could not read this file: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` });

for (const e of request.exercises) {
  const reference = project.createSourceFile(`/expected/${e.id}.ts`, readFileSync(e.reference, 'utf8'), { overwrite: true });
  const expected = Object.keys(exportsOf(reference)).sort();
  project.removeSourceFile(reference);
  try {
    verdicts[e.id] = staticCheck(project.createSourceFile(e.file, e.text, { overwrite: true }), expected);
  } catch (error) {
    verdicts[e.id] = { problems: [failure(error)], imports: [], exports: {}, expected };
    const broken = project.getSourceFile(e.file);
    if (broken) project.removeSourceFile(broken);
  }
}
process.stdout.write(`${JSON.stringify({ static: verdicts })}\n`);

if (request.types) {
  const clean = request.exercises.filter((e) => verdicts[e.id]!.problems.length === 0).map((e) => {
    const file = project.getSourceFileOrThrow(e.file);
    const specifier = relative(dirname(e.file), e.reference).replaceAll('\\', '/').replace(/(\.d)?\.ts$/, '.js');
    return { e, file, signatures: signatureFile(project, file, specifier.startsWith('.') ? specifier : `./${specifier}`, verdicts[e.id]!.expected) };
  });
  const types: Record<string, Problem[]> = {};
  for (const { e, file, signatures } of clean) {
    try {
      types[e.id] = typeProblems(file, signatures, verdicts[e.id]!.expected, verdicts[e.id]!.exports);
    } catch (error) {
      types[e.id] = [failure(error)];
    }
  }
  process.stdout.write(`${JSON.stringify({ types })}\n`);
}
