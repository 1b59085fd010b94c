import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';

export interface QueryCostOptions {
  /** Refused above this many estimated list items. */
  maxCost: number;
  /** The largest page a list serves: a larger `first` is served as this; a variable left unset counts as this. */
  maxPageSize: number;
  /** Size assumed for a list without a page-size argument (categories, children, documents…). */
  defaultListSize: number;
}

/**
 * The estimated cost of a query: how many list items it can make the server load.
 *
 * - A list field costs one per item it can return: its size (the `first`/`last` argument, given
 *   or from a variable, else the argument's default, else `defaultListSize` for a list without
 *   one; never over `maxPageSize`) times the size of every list it is nested in. A connection's
 *   `first` sizes its `edges`.
 * - A field returning one object (an event's organiser, an edge's node, a connection) costs nothing
 *   of its own: relations are batched per request (DataLoader), so it adds at most one row per item
 *   already counted, and the depth limit bounds how many such steps a query can take. What makes the
 *   work grow is lists inside lists, and those multiply.
 * - Scalar and enum fields cost nothing: they come with the row their object was loaded from.
 * - Introspection (`__schema`, `__type`, `__typename`) costs nothing: it never reaches the database.
 *
 * `events(first: 100)` with the organiser and the categories of each event costs 1,100;
 * `associations(first: 100)` with categories and `upcomingEvents(first: 50)` 6,100;
 * `associations(first: 100) { upcomingEvents(first: 50) { event { organizer { upcomingEvents(first: 50) … } } } }`
 * 255,100, refused before anything runs.
 */
export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  options: QueryCostOptions,
  /** The request's variables; without them (at validation) a variable page size counts as the largest. */
  variables: Readonly<Record<string, unknown>> = {},
): number {
  const sizeOf = (value: ValueNode): number => {
    if (value.kind === Kind.INT) return Math.min(options.maxPageSize, Math.max(0, Number.parseInt(value.value, 10) || 0));
    if (value.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      if (typeof given === 'number' && Number.isFinite(given)) return Math.min(options.maxPageSize, Math.max(0, given));
      const declared = operation.variableDefinitions?.find((definition) => definition.variable.name.value === value.name.value);
      if (given === undefined && declared?.defaultValue?.kind === Kind.INT) return sizeOf(declared.defaultValue);
    }
    return options.maxPageSize;
  };
  /** The page size a field asks for: `first` or `last`; undefined when the field takes neither. */
  const pageSizeOf = (field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined => {
    for (const name of ['first', 'last']) {
      const argument = field.args.find((arg) => arg.name === name);
      if (!argument) continue;
      const given = node.arguments?.find((arg) => arg.name.value === name);
      if (given) return sizeOf(given.value);
      if (typeof argument.defaultValue === 'number') return Math.min(options.maxPageSize, argument.defaultValue);
      return options.maxPageSize;
    }
    return undefined;
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  // The unit cost of a fragment (for a multiplier of 1): a document that spreads the same fragment
  // a thousand times is costed once per fragment, not once per path (no exponential walk).
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();

  const selectionSetCost = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, pageSize: number | undefined): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent, pageSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionSetCost(selection.selectionSet, condition ?? parent, pageSize);
      } else {
        total += fragmentCost(selection.name.value, pageSize);
      }
    }
    return total;
  };

  const fragmentCost = (name: string, pageSize: number | undefined): number => {
    const key = `${name}:${pageSize ?? ''}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // A cycle or an unknown fragment is another rule's refusal; cost it nothing here.
    if (!fragment || inProgress.has(key)) return 0;
    const type = schema.getType(fragment.typeCondition.name.value);
    if (!type) return 0;
    inProgress.add(key);
    const cost = selectionSetCost(fragment.selectionSet, type, pageSize);
    inProgress.delete(key);
    memo.set(key, cost);
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType, pageSize: number | undefined): number => {
    if (node.name.value.startsWith('__')) return 0;
    if (!isObjectType(parent) && !isInterfaceType(parent)) return 0;
    const field = parent.getFields()[node.name.value];
    if (!field || !node.selectionSet) return 0;
    const ownPageSize = pageSizeOf(field, node);
    const isList = isListType(getNullableType(field.type));
    // A connection passes its page size to the list inside it (edges, nodes); a list uses it up.
    const inner = isList ? undefined : ownPageSize ?? pageSize;
    const children = selectionSetCost(node.selectionSet, getNamedType(field.type), inner);
    if (!isList) return children;
    const size = ownPageSize ?? pageSize ?? options.defaultListSize;
    return size * (1 + children);
  };

  return selectionSetCost(operation.selectionSet, root, undefined);
}

/** The refusal of an operation over the limit, with the cost and the limit (how far over it is). */
export function costRefusal(cost: number, options: QueryCostOptions): GraphQLError | undefined {
  if (cost <= options.maxCost) return undefined;
  const rounded = Math.round(cost);
  return new GraphQLError(
    `Query cost ${rounded} is over the limit of ${options.maxCost}: ask for smaller pages (first) or fewer lists inside lists`,
    // A refusal of the query as written, like the validation rules' (400, nothing has run).
    { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost: rounded, maxCost: options.maxCost, http: { status: 400 } } },
  );
}

/**
 * Costs the operation about to run, with the request's variables (so `first: $n` counts as `n`),
 * after validation and before anything resolves; over the limit, the request is refused.
 */
export function queryCostPlugin(options: QueryCostOptions): ApolloServerPlugin {
  return {
    requestDidStart: () => Promise.resolve({
      didResolveOperation: (requestContext: GraphQLRequestContextDidResolveOperation<BaseContext>): Promise<void> => {
        const operation = requestContext.operation;
        if (!operation) return Promise.resolve();
        const fragments = new Map<string, FragmentDefinitionNode>();
        for (const definition of requestContext.document.definitions) {
          if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
        }
        const cost = queryCost(requestContext.schema, operation, fragments, options, requestContext.request.variables ?? {});
        const refusal = costRefusal(cost, options);
        return refusal ? Promise.reject(refusal) : Promise.resolve();
      },
    }),
  };
}
