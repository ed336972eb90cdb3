/**
 * The inspector process (started by ./index.ts, bundled into one file): the static checks of a
 * submission's exercise files with ts-morph, then, when asked (no native compiler here), their
 * typecheck. It runs beside the grader, so the grader never loads TypeScript, and the static verdict
 * goes out before the typecheck starts.
 *
 * It serves one submission after another (a class is inspected by the same few processes, so
 * ts-morph loads once): stdin carries one request a line,
 * `{"id":N,"exercises":[{"id","file","text","reference"}],"types":boolean}`, where `file` is where
 * the text is checked as if it sat (inside the kit, so its framework imports resolve to the kit's
 * own files) and `reference` the reference's module, whose exports the submission must have.
 * stdout: for each, one line `{"id":N,"static":{id: StaticVerdict}}`, then, if asked,
 * `{"id":N,"types":{id: Problem[]}}`.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { exportsOf, staticCheck, type Problem, type StaticVerdict } from './static-checks.js';
import { inspectionProject, signatureFile, typeProblems } from './types.js';

export interface InspectRequest {
  id: number;
  exercises: { id: string; file: string; text: string; reference: string }[];
  types: boolean;
}

const project = inspectionProject();
/** What went wrong checking one file (a file deep enough to overflow the parser, say): it is refused, the others go on. */
const failure = (e: unknown): Problem => ({
  message: `the checks could not read this file: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
});

function answer(request: InspectRequest): void {
  const verdicts: Record<string, StaticVerdict> = {};
  for (const e of request.exercises) {
    const reference = project.createSourceFile(`/expected/${e.id}.ts`, readFileSync(e.reference, 'utf8'), {
      overwrite: true,
    });
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
  process.stdout.write(`${JSON.stringify({ id: request.id, static: verdicts })}\n`);

  if (request.types) {
    const clean = request.exercises
      .filter((e) => verdicts[e.id]!.problems.length === 0)
      .map((e) => {
        const file = project.getSourceFileOrThrow(e.file);
        const specifier = relative(dirname(e.file), e.reference)
          .replaceAll('\\', '/')
          .replace(/(\.d)?\.ts$/, '.js');
        return {
          e,
          file,
          signatures: signatureFile(
            project,
            file,
            specifier.startsWith('.') ? specifier : `./${specifier}`,
            verdicts[e.id]!.expected,
          ),
        };
      });
    const types: Record<string, Problem[]> = {};
    for (const { e, file, signatures } of clean) {
      try {
        types[e.id] = typeProblems(file, signatures, verdicts[e.id]!.expected, verdicts[e.id]!.exports);
      } catch (error) {
        types[e.id] = [failure(error)];
      }
    }
    process.stdout.write(`${JSON.stringify({ id: request.id, types })}\n`);
  }
  // The next submission's files take these paths again: nothing of this one stays in the program.
  for (const e of request.exercises) {
    for (const path of [e.file, e.file.replace(/\.ts$/, '.signatures.ts')]) {
      const file = project.getSourceFile(path);
      if (file) project.removeSourceFile(file);
    }
  }
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    if (line.trim() !== '') answer(JSON.parse(line) as InspectRequest);
  }
});
