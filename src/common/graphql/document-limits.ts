import {
  ASTVisitor,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
// graphql-js's own "stop validating" signal: validate() catches it and returns the errors so far.
import { validationAbortedError } from 'graphql/validation/validationAbortedError';

export interface DocumentLimits {
  /** Deepest nesting of fields, fragments flattened (introspection fields aside). */
  maxDepth: number;
  /** Most aliases in the document, every use of a fragment counted. */
  maxAliases: number;
  /** Most field selections in the document, every use of a fragment counted. */
  maxSelections: number;
}

export interface DocumentShape {
  depth: number;
  aliases: number;
  selections: number;
}

class FragmentCycle extends Error {
  constructor(readonly fragment: string) {
    super(`fragment ${fragment} spreads itself`);
  }
}

/**
 * The shape of a document in one pass over its syntax tree: depth, aliases and selections, with
 * every fragment measured once (memoised) and counted as many times as it is used. A thousand
 * fragments, fragments spreading each other twice at every level, or 600 levels of nesting cost
 * one walk of the text that was parsed (which GRAPHQL_MAX_TOKENS bounds).
 */
export function documentShape(document: DocumentNode): DocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, DocumentShape>();
  const inProgress = new Set<string>();

  const fragmentShape = (name: string): DocumentShape => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment) return { depth: 0, aliases: 0, selections: 0 };
    if (inProgress.has(name)) throw new FragmentCycle(name);
    inProgress.add(name);
    const shape = selectionSetShape(fragment.selectionSet);
    inProgress.delete(name);
    memo.set(name, shape);
    return shape;
  };

  const selectionSetShape = (selectionSet: SelectionSetNode): DocumentShape => {
    const total: DocumentShape = { depth: 0, aliases: 0, selections: 0 };
    const add = (shape: DocumentShape, depth: number): void => {
      total.depth = Math.max(total.depth, depth);
      total.aliases += shape.aliases;
      total.selections += shape.selections;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const child = selection.selectionSet ? selectionSetShape(selection.selectionSet) : { depth: 0, aliases: 0, selections: 0 };
        // Introspection never reaches the database, and its standard query is deeper than any limit.
        const depth = selection.name.value.startsWith('__') ? 0 : 1 + child.depth;
        add({ depth, aliases: child.aliases + (selection.alias ? 1 : 0), selections: child.selections + 1 }, depth);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const child = selectionSetShape(selection.selectionSet);
        add(child, child.depth);
      } else {
        const child = fragmentShape(selection.name.value);
        add(child, child.depth);
      }
    }
    return total;
  };

  const total: DocumentShape = { depth: 0, aliases: 0, selections: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const shape = selectionSetShape(definition.selectionSet);
    total.depth = Math.max(total.depth, shape.depth);
    total.aliases += shape.aliases;
    total.selections += shape.selections;
  }
  return total;
}

/**
 * Validation rule that runs first, on the document as a whole, and stops validation at once when
 * the document is over a limit: the other rules (some of them quadratic in the number of fields)
 * never see it. Without it, 660 aliases or 600 levels of nesting cost 0.2–0.5 s of validation
 * each, even though the alias and depth rules refused them.
 */
export function documentLimitsRule(limits: DocumentLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const refusal = refusalOf(document, limits);
      if (refusal) {
        context.reportError(new GraphQLError(refusal));
        throw validationAbortedError;
      }
      return false;
    },
  });
}

function refusalOf(document: DocumentNode, limits: DocumentLimits): string | undefined {
  let shape: DocumentShape;
  try {
    shape = documentShape(document);
  } catch (error) {
    if (error instanceof FragmentCycle) return `Cannot spread fragment "${error.fragment}" within itself`;
    throw error;
  }
  if (shape.depth > limits.maxDepth) return `Query depth limit of ${limits.maxDepth} exceeded, found ${shape.depth}`;
  if (shape.aliases > limits.maxAliases) return `Aliases limit of ${limits.maxAliases} exceeded, found ${shape.aliases}`;
  if (shape.selections > limits.maxSelections) {
    return `The query selects too many fields: ${shape.selections > 1e9 ? 'over a billion' : shape.selections}, counting every use of a fragment, over the limit of ${limits.maxSelections}`;
  }
  return undefined;
}
