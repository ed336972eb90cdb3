/**
 * Where a module can be mutated: every site (an operator's one edit) in source order of the walk.
 * Each operator family has its function; `collect` calls them in a fixed order for each node, and
 * that order is part of the mutant ids (grader/mutation/mutators.ts numbers equal edits by it).
 */
import { providedStatements } from '../kit/provided.js';
import {
  Node,
  SyntaxKind,
  type BinaryExpression,
  type NumericLiteral,
  type SourceFile,
  type StringLiteral,
} from 'ts-morph';
import type { OperatorName } from './mutators.js';
import {
  ARITHMETIC,
  chainOperands,
  configBindings,
  ctlVariants,
  formatNumber,
  isCtlValue,
  isEquality,
  isGoCall,
  isReturnValue,
  isStringy,
  isTypeOnly,
  isTypeOrImport,
  logicalOperator,
  negation,
  oneLine,
  RELATIONAL,
  unwrap,
} from './syntax.js';

export interface Site {
  operator: OperatorName;
  start: number;
  end: number;
  replacement: string;
  /** The code around the edit: shown before/after in the description and hashed into the id. */
  context: Node;
  /** A description other than "before → after" (statement removal). */
  what?: string;
}

type Add = (site: Site) => void;

/** Every site of the module's code, leaving out what is never mutated (see mutators.ts). */
export function collect(source: SourceFile): Site[] {
  const sites: Site[] = [];
  const provided = providedStatements(source);
  const configUses = configBindings(source);
  const add: Add = (site) => {
    sites.push(site);
  };

  for (const statement of source.getStatements()) {
    if (provided.has(statement) || isTypeOrImport(statement)) continue;
    statement.forEachDescendant((node, traversal) => {
      if (isTypeOnly(node) || isGoCall(node)) {
        traversal.skip();
        return;
      }
      if (Node.isBinaryExpression(node)) binarySites(node, add);
      conditionSite(node, add);
      if (Node.isNumericLiteral(node)) literalSites(node, add);
      removeSite(node, add);
      if (Node.isStringLiteral(node)) stringSites(node, add);
      if (configSites(node, configUses, add)) traversal.skip();
    });
  }
  return sites;
}

/** relational and arithmetic swaps, && ||, and each operand of the outermost && / || chain negated. */
function binarySites(node: BinaryExpression, add: Add): void {
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
  if (arithmetic && !(kind === SyntaxKind.PlusToken && (isStringy(node.getLeft()) || isStringy(node.getRight())))) {
    add({
      operator: 'arithmetic',
      start: token.getStart(),
      end: token.getEnd(),
      replacement: arithmetic,
      context: node,
    });
  }
}

/** Conditions of if / ?: / loops, negated as a whole. */
function conditionSite(node: Node, add: Add): void {
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
}

/** A numeric literal ±1 (not a property name or a case label). */
function literalSites(node: NumericLiteral, add: Add): void {
  const parent = node.getParent();
  const negative = Node.isPrefixUnaryExpression(parent) && parent.getOperatorToken() === SyntaxKind.MinusToken;
  const target = negative ? parent : node;
  const value = (negative ? -1 : 1) * node.getLiteralValue();
  const context = target.getParent() ?? target;
  const inName = Node.isPropertyAssignment(context) && context.getNameNode() === target;
  if (inName || Node.isCaseClause(context)) return;
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

/** A whole expression statement inside a function removed (not a `ctx.go`). */
function removeSite(node: Node, add: Add): void {
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
}

/** A return verdict swapped ('continue' / 'done'), a segment's control bits changed. */
function stringSites(node: StringLiteral, add: Add): void {
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

/** A read of `ctx.config.X`, or of a name bound from `ctx.config`, replaced with 0; true: skip the node's children. */
function configSites(node: Node, configUses: ReadonlySet<Node>, add: Add): boolean {
  let skip = false;
  if (Node.isPropertyAccessExpression(node) && node.getExpression().getText() === 'ctx.config') {
    const parent = node.getParentOrThrow();
    add({
      operator: 'config',
      start: node.getStart(),
      end: node.getEnd(),
      replacement: '0',
      context: Node.isExpressionStatement(parent) ? node : parent,
    });
    skip = true;
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
  return skip;
}
