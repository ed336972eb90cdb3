/**
 * What the mutation operators read in a topic module's syntax tree: the code never mutated (imports,
 * types, `ctx.go`), the top-level declaration an edit is in, how a condition is negated, the operator
 * swaps, and the places that hold a control-bit string, a return verdict or a configuration read.
 */
import { declaredName } from '../kit/provided.js';
import { Node, SyntaxKind, type SourceFile, type Statement } from 'ts-morph';

// ---- what is skipped ----------------------------------------------------------------------------

/** A top-level statement with nothing to mutate at run time. */
export function isTypeOrImport(s: Statement): boolean {
  return (
    Node.isImportDeclaration(s) ||
    Node.isExportDeclaration(s) ||
    Node.isExportAssignment(s) ||
    Node.isTypeAliasDeclaration(s) ||
    Node.isInterfaceDeclaration(s) ||
    Node.isModuleDeclaration(s)
  );
}

/** `ctx.go(...)` or `ctx.stay(...)` (any receiver named ctx; the engine's label check guards its argument). */
export function isGoCall(node: Node): boolean {
  if (!Node.isCallExpression(node)) return false;
  const callee = node.getExpression();
  return (
    Node.isPropertyAccessExpression(callee) &&
    (callee.getName() === 'go' || callee.getName() === 'stay') &&
    callee.getExpression().getText() === 'ctx'
  );
}

/** Type-only syntax inside code: annotations, type arguments, `as`/`satisfies` types. */
export function isTypeOnly(node: Node): boolean {
  return Node.isTypeNode(node) || Node.isTypeParameterDeclaration(node);
}

// ---- helpers ------------------------------------------------------------------------------------

/** The top-level declaration an edit is in: a function's name, a constant's name, or `(module)`. */
export function scopeOf(node: Node): string {
  let top: Node = node;
  for (let parent = top.getParent(); parent && !Node.isSourceFile(parent); parent = parent.getParent()) top = parent;
  return Node.isStatement(top) ? (declaredName(top) ?? '(module)') : '(module)';
}

export const oneLine = (text: string, max = 70): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export const unwrap = (node: Node): Node =>
  Node.isParenthesizedExpression(node) ? unwrap(node.getExpression()) : node;

export function logicalOperator(node: Node): SyntaxKind | undefined {
  if (!Node.isBinaryExpression(node)) return undefined;
  const kind = node.getOperatorToken().getKind();
  return kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.BarBarToken ? kind : undefined;
}

/** The operands of a chain `a && b && c` (same operator, unparenthesized). */
export function chainOperands(node: Node, kind: SyntaxKind): Node[] {
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === kind) {
    return [...chainOperands(node.getLeft(), kind), ...chainOperands(node.getRight(), kind)];
  }
  return [node];
}

/** `a === b` and the like: negating it is the relational swap again. */
export function isEquality(node: Node): boolean {
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
export function negation(node: Node): string {
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

export const RELATIONAL = new Map<SyntaxKind, string>([
  [SyntaxKind.LessThanToken, '<='],
  [SyntaxKind.LessThanEqualsToken, '<'],
  [SyntaxKind.GreaterThanToken, '>='],
  [SyntaxKind.GreaterThanEqualsToken, '>'],
  [SyntaxKind.EqualsEqualsEqualsToken, '!=='],
  [SyntaxKind.ExclamationEqualsEqualsToken, '==='],
  [SyntaxKind.EqualsEqualsToken, '!='],
  [SyntaxKind.ExclamationEqualsToken, '=='],
]);
export const ARITHMETIC = new Map<SyntaxKind, string>([
  [SyntaxKind.PlusToken, '-'],
  [SyntaxKind.MinusToken, '+'],
  [SyntaxKind.PlusEqualsToken, '-='],
  [SyntaxKind.MinusEqualsToken, '+='],
]);
const CTL_FLAGS = new Set(['SYN', 'ACK', 'FIN', 'RST']);

export const isStringy = (node: Node): boolean =>
  Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) || Node.isTemplateExpression(node);

/** A string literal that is the value of a `ctl:` property (directly or as a branch of `?:`). */
export function isCtlValue(node: Node): boolean {
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
export function isReturnValue(node: Node): boolean {
  let n: Node = node;
  for (let parent = n.getParent(); parent; n = parent, parent = parent.getParent()) {
    if (Node.isParenthesizedExpression(parent)) continue;
    if (Node.isConditionalExpression(parent) && parent.getCondition() !== n) continue;
    return Node.isReturnStatement(parent);
  }
  return false;
}

export function formatNumber(value: number): string {
  return value < 0 ? `(${value})` : String(value);
}

/** Names bound by `const { a, b } = ctx.config` in a function: their uses are config reads too. */
export function configBindings(source: SourceFile): Set<Node> {
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
