import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { AppConfig } from '../../config/config';
import { ErrorCode } from '../errors';
import { toGraphQLError, toPublicError } from '../error.filter';

/**
 * Apollo options: code-first schema kept in memory (the committed schema.gql is checked by a test),
 * depth/cost/alias limits against abusive queries, and errors that never carry a stack trace.
 */
export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    costLimit: { maxCost: config.graphql.maxCost },
    maxAliases: { n: config.graphql.maxAliases },
    maxDirectives: { n: 20 },
    // Its Apollo plugin parses the query itself and turns every syntax error into an HTTP 500; the
    // request body limit (BODY_LIMIT) already bounds what the parser can be made to read.
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
    validationRules: protection.validationRules,
    plugins: [
      ...protection.plugins,
      config.graphql.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
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

/** Last line of defence: whatever reaches the client has a known code and no internals. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASSTHROUGH_CODES.has(code)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
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
