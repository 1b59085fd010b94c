import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { ASTVisitor, GraphQLError, GraphQLFormattedError, OperationTypeNode, ValidationContext } from 'graphql';
import type { AppConfig } from '../../config/config';
import { ErrorCode } from '../errors';
import { toGraphQLError, toPublicError } from '../error.filter';
import { MAX_PAGE_SIZE } from '../pagination/connection';
import { documentLimitsRule } from './document-limits';
import { queryCostPlugin } from './query-cost';
import { serviceUnavailablePlugin } from './service-unavailable.plugin';

/** Size assumed for a list that takes no page size (an item's categories, a page's children…). */
const DEFAULT_LIST_SIZE = 10;
/** Most fields a document may select, every use of a fragment counted (the standard introspection query: 229). */
const MAX_SELECTIONS = 1000;

/**
 * Apollo options: code-first schema kept in memory (the committed schema.gql is checked by a test),
 * depth/cost/alias limits against abusive queries, and errors that never carry a stack trace.
 *
 * What a hostile document meets, cheapest first (each refusal happens before the next step runs):
 * 1. the per-IP rate limit, counted before the body is even read (throttle/graphql-request-throttle.ts);
 * 2. the document's size in bytes (GRAPHQL_MAX_QUERY_BYTES, 413), before parsing;
 * 3. the number of tokens (GRAPHQL_MAX_TOKENS): the parser stops at the first token over it
 *    (GRAPHQL_PARSE_FAILED), so validation never sees a document of thousands of fragments;
 * 4. validation, which starts with the document's shape as a whole (document-limits.ts: depth,
 *    aliases, fields with every fragment use counted, fragment cycles) and stops at once when it is
 *    over, before graphql-js's own rules (some quadratic) run; then directives (graphql-armor) and
 *    no subscription;
 * 5. the cost of the operation about to run, with its variables (query-cost.ts).
 * All refusals from step 4 on answer 400 GRAPHQL_VALIDATION_FAILED, before anything is resolved.
 */
export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const armor = new ApolloArmor({
    // Depth and aliases: documentLimitsRule, which also stops validation when they are over.
    maxDepth: { enabled: false },
    // Our own cost model (query-cost.ts): armor's counts every scalar, grows by 1.5 per level and
    // ignores `first: $variable`, so it refused the page sizes the API serves and let variables through.
    costLimit: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { n: 20 },
    // Its Apollo plugin parses the query a second time and turns every syntax error into an HTTP 500:
    // graphql-js's own `maxTokens` (parseOptions below) bounds Apollo's one parse instead.
    maxTokens: { enabled: false },
    // Field suggestions ("did you mean…") help while developing and leak the schema in production.
    blockFieldSuggestion: { enabled: config.env === 'production' && !config.graphql.introspection },
  });
  const protection = armor.protect();
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    introspection: config.graphql.introspection,
    playground: false,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
    validationRules: [
      documentLimitsRule({ maxDepth: config.graphql.maxDepth, maxAliases: config.graphql.maxAliases, maxSelections: MAX_SELECTIONS }),
      ...protection.validationRules,
      noSubscriptionRule,
    ],
    // graphql-js stops lexing at the first token over the limit: the cost of parsing is bounded.
    parseOptions: { maxTokens: config.graphql.maxTokens },
    plugins: [
      ...protection.plugins,
      queryCostPlugin({ maxCost: config.graphql.maxCost, maxPageSize: MAX_PAGE_SIZE, defaultListSize: DEFAULT_LIST_SIZE }),
      config.graphql.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      // 503 + Retry-After when the database was unavailable for the whole operation.
      serviceUnavailablePlugin(),
      // HTTP caching is the response cache's (src/cache); Apollo's per-field cache hints were unused
      // and cost a hook on every resolved field.
      ApolloServerPluginCacheControlDisabled(),
    ],
    allowBatchedHttpRequests: false,
    // @nestjs/apollo resets the HTTP status of any response with `data` to 200 unless this is off.
    // Only TOO_MANY_REQUESTS sets `extensions.http` (toGraphQLError), so this keeps its 429 and
    // leaves every other execution error at 200.
    preserveHttpStatusForExecutionErrors: false,
    formatError: (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => formatGraphQLError(formatted, error),
  };
}

const PASSTHROUGH_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Parvis has no subscriptions (clients poll, or integrators receive webhooks). Without this rule a
 * `subscription` operation reached execution and failed there as an internal error.
 */
export function noSubscriptionRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === OperationTypeNode.SUBSCRIPTION) {
        context.reportError(new GraphQLError('Subscriptions are not supported: run the query again to get what changed', { nodes: [node] }));
      }
      return false;
    },
  };
}

// graphql-js 16 spells it "more that"; accept the fixed spelling too.
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/**
 * A limit is not a syntax error: graphql-js and graphql-armor both say "Syntax Error: …" when a
 * document is over a limit (tokens, depth, aliases); say what the limit is instead.
 */
function limitMessage(message: string): string {
  const tokens = TOKEN_LIMIT.exec(message);
  if (tokens) return `The query is too long: more than ${tokens[1]} tokens (names, punctuation, values). Send values as variables, or split it`;
  if (/^Syntax Error: .*limit/i.test(message)) return message.replace(/^Syntax Error: /, '');
  return message;
}

/** Last line of defence: whatever reaches the client has a known code and no internals. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASSTHROUGH_CODES.has(code)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: limitMessage(formatted.message), extensions };
  }
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const publicError = toGraphQLError(toPublicError(original));
  return {
    message: publicError.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: publicError.extensions,
  };
}
