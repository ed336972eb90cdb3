/**
 * Mutation operators for the topic modules: each mutant is one small text change to a module's
 * source (an operator swapped, a condition negated, a statement removed, ...), found with ts-morph
 * and applied as a single splice, so the mutated module is the original with one edit.
 *
 * Never mutated: comments, imports and exports, type-only code (annotations, type arguments,
 * interfaces, aliases), the `@provided` functions with the private helpers handed to students with
 * them (plumbing, not rules the suite grades), and calls of `ctx.go` (a different label only trips
 * the engine's own label check).
 *
 * Each mutant has a stable id: the file's stem, the enclosing function, the operator and a short hash
 * of the code around the edit and the edit itself, so ids survive unrelated edits elsewhere in a file.
 */
import { declaredName, providedStatements } from '../kit/provided.js';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Node, Project, SyntaxKind, type SourceFile, type Statement } from 'ts-morph';

export type OperatorName =
  | 'relational' // < <=, > >=, === !==
  | 'negate' // a condition (or one operand of && / ||) negated
  | 'logical' // && ||
  | 'literal' // a numeric literal ±1
  | 'arithmetic' // + -, += -=
  | 'remove' // a whole expression statement removed
  | 'verdict' // return 'continue' / 'done' swapped
  | 'ctl' // a segment's control bits changed
  | 'config'; // ctx.config.X replaced with 0

export const OPERATORS: readonly OperatorName[] = [
  'relational',
  'negate',
  'logical',
  'literal',
  'arithmetic',
  'remove',
  'verdict',
  'ctl',
  'config',
];

export interface Mutant {
  /** Stable id, e.g. `four-way-close:checkFin:remove:3fa1c2`. */
  id: string;
  operator: OperatorName;
  /** The file as given to `findMutants` (for descriptions). */
  file: string;
  /** 1-based line of the edit. */
  line: number;
  /** The enclosing function (or `(module)`). */
  scope: string;
  /** The edit: source[start, end) becomes `replacement`. */
  start: number;
  end: number;
  replacement: string;
  /** One line: file:line, scope, what changed. */
  description: string;
}

export interface MutateOptions {
  /** Name used in ids and descriptions (default: `module.ts`). */
  file?: string;
  /** Only these operators (default: all). */
  operators?: readonly OperatorName[];
}

/** The mutated source: one splice. */
export function applyMutant(source: string, mutant: Pick<Mutant, 'start' | 'end' | 'replacement'>): string {
  return source.slice(0, mutant.start) + mutant.replacement + source.slice(mutant.end);
}

// ---- what is skipped ----------------------------------------------------------------------------

/** A top-level statement with nothing to mutate at run time. */
function isTypeOrImport(s: Statement): boolean {
  return (
    Node.isImportDeclaration(s) ||
    Node.isExportDeclaration(s) ||
    Node.isExportAssignment(s) ||
    Node.isTypeAliasDeclaration(s) ||
    Node.isInterfaceDeclaration(s) ||
    Node.isModuleDeclaration(s)
  );
}

/** `ctx.go(...)` (any receiver named ctx; the engine's label check guards its argument). */
function isGoCall(node: Node): boolean {
  if (!Node.isCallExpression(node)) return false;
  const callee = node.getExpression();
  return (
    Node.isPropertyAccessExpression(callee) && callee.getName() === 'go' && callee.getExpression().getText() === 'ctx'
  );
}

/** Type-only syntax inside code: annotations, type arguments, `as`/`satisfies` types. */
function isTypeOnly(node: Node): boolean {
  return Node.isTypeNode(node) || Node.isTypeParameterDeclaration(node);
}

// ---- helpers ------------------------------------------------------------------------------------

/** The top-level declaration an edit is in: a function's name, a constant's name, or `(module)`. */
function scopeOf(node: Node): string {
  let top: Node = node;
  for (let parent = top.getParent(); parent && !Node.isSourceFile(parent); parent = parent.getParent()) top = parent;
  return Node.isStatement(top) ? (declaredName(top) ?? '(module)') : '(module)';
}

const oneLine = (text: string, max = 70): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const unwrap = (node: Node): Node => (Node.isParenthesizedExpression(node) ? unwrap(node.getExpression()) : node);

function logicalOperator(node: Node): SyntaxKind | undefined {
  if (!Node.isBinaryExpression(node)) return undefined;
  const kind = node.getOperatorToken().getKind();
  return kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.BarBarToken ? kind : undefined;
}

/** The operands of a chain `a && b && c` (same operator, unparenthesized). */
function chainOperands(node: Node, kind: SyntaxKind): Node[] {
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === kind) {
    return [...chainOperands(node.getLeft(), kind), ...chainOperands(node.getRight(), kind)];
  }
  return [node];
}

/** `a === b` and the like: negating it is the relational swap again. */
function isEquality(node: Node): boolean {
  const n = unwrap(node);
  if (!Node.isBinaryExpression(n)) return false;
  const kind = n.getOperatorToken().getKind();
  return (
    kind === SyntaxKind.EqualsEqualsEqualsToken ||
    kind === SyntaxKind.ExclamationEqualsEqualsToken ||
    kind === SyntaxKind.EqualsEqualsToken ||
    kind === SyntaxKind.ExclamationEqualsToken
  );
}

/** `!x` for a simple operand, `x` for `!x`, else `!(x)`. */
function negation(node: Node): string {
  if (Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.ExclamationToken) {
    return node.getOperand().getText();
  }
  const simple =
    Node.isIdentifier(node) ||
    Node.isPropertyAccessExpression(node) ||
    Node.isCallExpression(node) ||
    Node.isParenthesizedExpression(node) ||
    Node.isElementAccessExpression(node);
  return simple ? `!${node.getText()}` : `!(${node.getText()})`;
}

const RELATIONAL = new Map<SyntaxKind, string>([
  [SyntaxKind.LessThanToken, '<='],
  [SyntaxKind.LessThanEqualsToken, '<'],
  [SyntaxKind.GreaterThanToken, '>='],
  [SyntaxKind.GreaterThanEqualsToken, '>'],
  [SyntaxKind.EqualsEqualsEqualsToken, '!=='],
  [SyntaxKind.ExclamationEqualsEqualsToken, '==='],
  [SyntaxKind.EqualsEqualsToken, '!='],
  [SyntaxKind.ExclamationEqualsToken, '=='],
]);
const ARITHMETIC = new Map<SyntaxKind, string>([
  [SyntaxKind.PlusToken, '-'],
  [SyntaxKind.MinusToken, '+'],
  [SyntaxKind.PlusEqualsToken, '-='],
  [SyntaxKind.MinusEqualsToken, '+='],
]);
const CTL_FLAGS = new Set(['SYN', 'ACK', 'FIN', 'RST']);

const isStringy = (node: Node): boolean =>
  Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) || Node.isTemplateExpression(node);

/** A string literal that is the value of a `ctl:` property (directly or as a branch of `?:`). */
function isCtlValue(node: Node): boolean {
  let n: Node = node;
  for (let parent = n.getParent(); parent; n = parent, parent = parent.getParent()) {
    if (Node.isParenthesizedExpression(parent)) continue;
    if (Node.isConditionalExpression(parent) && parent.getCondition() !== n) continue;
    return Node.isPropertyAssignment(parent) && parent.getName() === 'ctl' && parent.getInitializer() === n;
  }
  return false;
}

/** Variants of a control-bit string: drop one bit of several, or add ACK to a lone SYN/FIN/RST. */
export function ctlVariants(ctl: string): string[] {
  const flags = ctl.split(',').filter((f) => f !== '');
  if (flags.length === 0 || !flags.every((f) => CTL_FLAGS.has(f))) return [];
  if (flags.length > 1) return flags.map((_, i) => flags.filter((__, j) => j !== i).join(','));
  return flags[0] === 'ACK' ? [] : [`${flags[0]},ACK`];
}

/** A return verdict: `return 'continue'` or `return 'done'` (possibly a branch of `?:`). */
function isReturnValue(node: Node): boolean {
  let n: Node = node;
  for (let parent = n.getParent(); parent; n = parent, parent = parent.getParent()) {
    if (Node.isParenthesizedExpression(parent)) continue;
    if (Node.isConditionalExpression(parent) && parent.getCondition() !== n) continue;
    return Node.isReturnStatement(parent);
  }
  return false;
}

function formatNumber(value: number): string {
  return value < 0 ? `(${value})` : String(value);
}

/** Names bound by `const { a, b } = ctx.config` in a function: their uses are config reads too. */
function configBindings(source: SourceFile): Set<Node> {
  const uses = new Set<Node>();
  for (const decl of source.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const pattern = decl.getNameNode();
    if (!Node.isObjectBindingPattern(pattern) || decl.getInitializer()?.getText() !== 'ctx.config') continue;
    const body = decl.getFirstAncestor((a) => Node.isBlock(a));
    if (!body) continue;
    for (const element of pattern.getElements()) {
      if (element.getDotDotDotToken()) continue;
      const name = element.getName();
      for (const id of body.getDescendantsOfKind(SyntaxKind.Identifier)) {
        if (id.getText() !== name || id.getStart() < decl.getEnd()) continue;
        const parent = id.getParent();
        if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) continue;
        if (Node.isPropertyAssignment(parent) && parent.getNameNode() === id) continue;
        if (Node.isShorthandPropertyAssignment(parent) || Node.isBindingElement(parent)) continue;
        uses.add(id);
      }
    }
  }
  return uses;
}

// ---- finding mutants ----------------------------------------------------------------------------

interface Site {
  operator: OperatorName;
  start: number;
  end: number;
  replacement: string;
  /** The code around the edit: shown before/after in the description and hashed into the id. */
  context: Node;
  /** A description other than "before → after" (statement removal). */
  what?: string;
}

const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
let counter = 0;

/** Every mutant of a module's source, in source order. */
export function findMutants(text: string, options: MutateOptions = {}): Mutant[] {
  const file = options.file ?? 'module.ts';
  const wanted = new Set(options.operators ?? OPERATORS);
  const source = project.createSourceFile(`/m${++counter}.ts`, text, { overwrite: true });
  try {
    const sites = collect(source);
    const mutants: Mutant[] = [];
    const seen = new Set<string>();
    const occurrences = new Map<string, number>();
    const stem = basename(file).replace(/\.[cm]?ts$/, '');
    for (const site of sites.sort((a, b) => a.start - b.start || a.end - b.end)) {
      if (!wanted.has(site.operator)) continue;
      const key = `${site.start}:${site.end}:${site.replacement}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const scope = scopeOf(source.getDescendantAtPos(site.start) ?? site.context);
      const before = site.context.getText();
      const offset = site.context.getStart();
      const after = before.slice(0, site.start - offset) + site.replacement + before.slice(site.end - offset);
      const basis = `${scope}|${site.operator}|${oneLine(before, 10_000)}|${oneLine(after, 10_000)}`;
      const n = occurrences.get(basis) ?? 0;
      occurrences.set(basis, n + 1);
      const hash = createHash('sha1').update(`${basis}|${n}`).digest('hex').slice(0, 6);
      const line = source.getLineAndColumnAtPos(site.start).line;
      mutants.push({
        id: `${stem}:${scope}:${site.operator}:${hash}`,
        operator: site.operator,
        file,
        line,
        scope,
        start: site.start,
        end: site.end,
        replacement: site.replacement,
        description: `${basename(file)}:${line} ${scope}: ${site.what ?? `${oneLine(before)} → ${oneLine(after)}`}`,
      });
    }
    return mutants;
  } finally {
    project.removeSourceFile(source);
  }
}

function collect(source: SourceFile): Site[] {
  const sites: Site[] = [];
  const provided = providedStatements(source);
  const configUses = configBindings(source);
  const add = (site: Site): void => {
    sites.push(site);
  };

  for (const statement of source.getStatements()) {
    if (provided.has(statement) || isTypeOrImport(statement)) continue;
    statement.forEachDescendant((node, traversal) => {
      if (isTypeOnly(node) || isGoCall(node)) {
        traversal.skip();
        return;
      }

      if (Node.isBinaryExpression(node)) {
        const token = node.getOperatorToken();
        const kind = token.getKind();
        const swap = RELATIONAL.get(kind);
        if (swap)
          add({
            operator: 'relational',
            start: token.getStart(),
            end: token.getEnd(),
            replacement: swap,
            context: node,
          });
        const logical = logicalOperator(node);
        if (logical) {
          add({
            operator: 'logical',
            start: token.getStart(),
            end: token.getEnd(),
            replacement: logical === SyntaxKind.AmpersandAmpersandToken ? '||' : '&&',
            context: node,
          });
          // Each operand of the outermost chain negated (the chain itself is the operand of a bigger one, if any).
          const parent = node.getParent();
          const inChain = Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === logical;
          if (!inChain) {
            for (const operand of chainOperands(node, logical).filter((o) => !isEquality(o))) {
              add({
                operator: 'negate',
                start: operand.getStart(),
                end: operand.getEnd(),
                replacement: negation(operand),
                context: node,
              });
            }
          }
        }
        const arithmetic = ARITHMETIC.get(kind);
        if (
          arithmetic &&
          !(kind === SyntaxKind.PlusToken && (isStringy(node.getLeft()) || isStringy(node.getRight())))
        ) {
          add({
            operator: 'arithmetic',
            start: token.getStart(),
            end: token.getEnd(),
            replacement: arithmetic,
            context: node,
          });
        }
      }

      // Conditions of if / ?: / loops, negated as a whole.
      const condition =
        Node.isIfStatement(node) || Node.isWhileStatement(node) || Node.isDoStatement(node)
          ? node.getExpression()
          : Node.isConditionalExpression(node)
            ? node.getCondition()
            : Node.isForStatement(node)
              ? node.getCondition()
              : undefined;
      if (condition && !isEquality(condition)) {
        add({
          operator: 'negate',
          start: condition.getStart(),
          end: condition.getEnd(),
          replacement: negation(condition),
          context: condition,
        });
      }

      if (Node.isNumericLiteral(node)) {
        const parent = node.getParent();
        const negative = Node.isPrefixUnaryExpression(parent) && parent.getOperatorToken() === SyntaxKind.MinusToken;
        const target = negative ? parent : node;
        const value = (negative ? -1 : 1) * node.getLiteralValue();
        const context = target.getParent() ?? target;
        const inName = Node.isPropertyAssignment(context) && context.getNameNode() === target;
        if (!inName && !Node.isCaseClause(context)) {
          for (const next of [value + 1, value - 1]) {
            add({
              operator: 'literal',
              start: target.getStart(),
              end: target.getEnd(),
              replacement: formatNumber(next),
              context: Node.isExpressionStatement(context) ? target : context,
            });
          }
        }
      }

      if (
        Node.isExpressionStatement(node) &&
        node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) &&
        !isGoCall(unwrap(node.getExpression()))
      ) {
        add({
          operator: 'remove',
          start: node.getStart(),
          end: node.getEnd(),
          replacement: ';',
          context: node,
          what: `removed ${oneLine(node.getText())}`,
        });
      }

      if (Node.isStringLiteral(node)) {
        const value = node.getLiteralValue();
        const quote = node.getText()[0] ?? "'";
        if ((value === 'continue' || value === 'done') && isReturnValue(node)) {
          const other = value === 'continue' ? 'done' : 'continue';
          add({
            operator: 'verdict',
            start: node.getStart(),
            end: node.getEnd(),
            replacement: `${quote}${other}${quote}`,
            context: node.getParentOrThrow(),
          });
        }
        if (isCtlValue(node)) {
          for (const variant of ctlVariants(value)) {
            add({
              operator: 'ctl',
              start: node.getStart(),
              end: node.getEnd(),
              replacement: `${quote}${variant}${quote}`,
              context: node.getParentOrThrow(),
            });
          }
        }
      }

      if (Node.isPropertyAccessExpression(node) && node.getExpression().getText() === 'ctx.config') {
        const parent = node.getParentOrThrow();
        add({
          operator: 'config',
          start: node.getStart(),
          end: node.getEnd(),
          replacement: '0',
          context: Node.isExpressionStatement(parent) ? node : parent,
        });
        traversal.skip();
      }
      if (Node.isIdentifier(node) && configUses.has(node)) {
        add({
          operator: 'config',
          start: node.getStart(),
          end: node.getEnd(),
          replacement: '0',
          context: node.getParentOrThrow(),
        });
      }
    });
  }
  return sites;
}
