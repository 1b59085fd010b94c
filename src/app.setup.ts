import { INestApplication, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { PublicError, toGraphQLError, toPublicError, writeProblem } from './common/error.filter';
import { ErrorCode } from './common/errors';
import { GRAPHQL_PATH, graphqlDocumentSizeLimit } from './common/graphql/graphql-http';
import { assignRequestId } from './common/logging';
import { bodyTimeout } from './common/request-timeouts';
import { RestEnumsInterceptor } from './common/rest-enums';
import { installResponseCache } from './cache/response-cache';
import { isOpenApiDocsPath, mountOpenApi, openApiDocsSecurityHeaders } from './openapi/openapi.setup';
import { GraphqlRequestThrottle } from './common/throttle/graphql-request-throttle';
import type { AppConfig } from './config/config';

/** Headers a browser client may send: Apollo's CSRF-prevention headers included. */
const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Request-Id', 'Apollo-Require-Preflight', 'X-Apollo-Operation-Name'];
/** Headers a browser client may read besides the CORS-safelisted ones. */
const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After'];

/**
 * HTTP-level set-up shared by main.ts and the e2e tests, so tests run what production runs.
 * Order matters: request id, CORS and security headers come first so that every answer carries
 * them, including the ones given before Nest sees the request (preflight, 413, malformed JSON).
 * A GraphQL request is counted in the rate limit before its body is read, and its document size
 * checked before it is parsed (see common/graphql/graphql-options.ts for every step).
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  configureServerTimeouts(express.getHttpServer(), config);
  express.set('trust proxy', config.http.trustProxyHops);
  express.disable('x-powered-by');
  express.use((req: Request, res: Response, next: NextFunction) => {
    assignRequestId(req, res);
    next();
  });
  express.use(bodyTimeout(config.http));
  configureCors(express, config);
  express.use(securityHeaders(config));
  // Cached answers and 304s go out here, before the rate limit counts them (src/cache).
  installResponseCache(express);
  // GET /api/v1/openapi.json and the interactive page at /api/docs (src/openapi).
  mountOpenApi(express);
  express.use(GRAPHQL_PATH, express.get(GraphqlRequestThrottle).middleware());
  express.useBodyParser('json', { limit: config.http.bodyLimit });
  express.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  express.use(bodyParserErrors());
  express.use(GRAPHQL_PATH, graphqlDocumentSizeLimit(config.graphql.maxQueryBytes));
  express.useGlobalInterceptors(new RestEnumsInterceptor(express.get(ModuleRef)));
}

/**
 * Node waits 300 s for a whole request by default: a client sending its headers or body a byte at a
 * time holds a connection that long. Headers get HTTP_HEADERS_TIMEOUT_SECONDS; bodies are cut by
 * bodyTimeout (common/request-timeouts.ts) and Node's own limit stays as a backstop behind it.
 */
function configureServerTimeouts(server: Server, config: AppConfig): void {
  server.headersTimeout = config.http.headersTimeoutMs;
  server.requestTimeout = config.http.headersTimeoutMs + Math.max(config.http.bodyTimeoutMs, config.http.uploadTimeoutMs) + 5_000;
}

/**
 * Browsers may call the API from the origins in CORS_ORIGINS (any origin only in development).
 * No credentials: the API authenticates with bearer tokens, never cookies. A request from an origin
 * that is not allowed gets no Access-Control-* header at all, so the browser blocks it.
 */
function configureCors(app: NestExpressApplication, config: AppConfig): void {
  const allowed = config.cors.origins;
  // The answer depends on Origin even when it is refused: tell caches so.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.vary('Origin');
    next();
  });
  app.enableCors({
    origin: (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) =>
      callback(null, origin !== undefined && (allowed === true || allowed.includes(origin))),
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
}

/**
 * helmet's security headers. API responses get the strictest CSP (`default-src 'none'`: JSON needs
 * nothing). The one HTML page we serve, the Apollo Sandbox at GET /graphql (development only, when
 * GRAPHQL_SANDBOX is on), loads its scripts, styles and iframe from Apollo's CDNs; its own
 * `<meta>` CSP then narrows inline scripts to a per-response nonce.
 */
function securityHeaders(config: AppConfig): RequestHandler {
  const common = {
    // Content of a headless CMS (feeds, media) is meant to be embedded by other sites.
    crossOriginResourcePolicy: { policy: 'cross-origin' as const },
    // Browsers ignore HSTS over plain http; sent only in production where TLS is expected in front.
    strictTransportSecurity: config.env === 'production',
  };
  const api = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
  });
  // The OpenAPI page (/api/docs) has a policy of its own: Swagger UI's scripts and styles from this server.
  const docs = openApiDocsSecurityHeaders(common);
  const withDocs: RequestHandler = (req, res, next) => (isOpenApiDocsPath(req.path) ? docs : api)(req, res, next);
  if (!config.graphql.sandbox) return withDocs;

  const apolloCdns = [
    'https://embeddable-sandbox.cdn.apollographql.com',
    'https://apollo-server-landing-page.cdn.apollographql.com',
    'https://embeddable-explorer.cdn.apollographql.com',
  ];
  const sandbox = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'", ...apolloCdns],
        styleSrc: ["'self'", "'unsafe-inline'", ...apolloCdns, 'https://fonts.googleapis.com'],
        fontSrc: ["'self'", 'https://fonts.gstatic.com'],
        imgSrc: ["'self'", 'data:', ...apolloCdns],
        manifestSrc: ["'self'", ...apolloCdns],
        frameSrc: ['https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'],
        connectSrc: ["'self'", ...apolloCdns],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
  });
  return (req, res, next) => (req.method === 'GET' && req.path === GRAPHQL_PATH ? sandbox : withDocs)(req, res, next);
}

const httpLogger = new Logger('Http');

/**
 * body-parser fails before Nest routes the request, so Nest's exception filter never sees it. Answer
 * here with the same mapping: 413 PAYLOAD_TOO_LARGE or 400 for malformed JSON, as problem+json on
 * REST and as a GraphQL error body on /graphql (the shape a GraphQL client knows how to read).
 */
function bodyParserErrors(): (error: unknown, req: Request, res: Response, next: NextFunction) => void {
  return (error, req, res, next) => {
    // The body timeout answered already (408) and closed the connection under the parser.
    if (res.headersSent) return;
    const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
    if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) {
      next(error);
      return;
    }
    // 400 (malformed JSON, aborted upload) and 413 have their own codes; the rest (415: unsupported
    // charset or content encoding) is the client's input problem too.
    const publicError: PublicError = status === 400 || status === 413
      ? toPublicError(error)
      : { code: ErrorCode.BAD_USER_INPUT, status, message: 'Unsupported request body encoding', details: {} };
    httpLogger.warn(`${req.method} ${req.originalUrl} refused before routing: ${publicError.status} ${publicError.code}`);
    if (req.path === GRAPHQL_PATH) {
      res.status(publicError.status).json({ errors: [toGraphQLError(publicError).toJSON()] });
      return;
    }
    writeProblem(res, publicError, req.originalUrl);
  };
}
