import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { Request, Response } from 'express';

export const ROLES = ['admin', 'editor', 'contributor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The authenticated staff member behind a request: a person with a session, or an API key with a
 * staff role acting for the admin who created it (`userId` is then the key's creator).
 */
export interface Actor {
  userId: string;
  role: Role;
  /** The refresh-token family this access token belongs to (lets logout end it); null for an API key. */
  sessionId: string | null;
  /** Set when the caller is an API key: its writes are attributed to it as well as to `userId`. */
  apiKeyId?: string;
}

/** The API key a request came with (read-only or with a staff role). */
export interface ApiKeyCaller {
  id: string;
  name: string;
  /** null: read-only (published content only, its own rate limit). */
  role: Role | null;
  createdById: string;
}

/**
 * Who is calling and for which request: built once per request by the auth guard and passed
 * explicitly as the first argument of every service method that reads or writes content.
 */
export class RequestContext {
  /** Request-scoped DataLoaders (see common/dataloader.ts). */
  readonly loaders = new Map<string, unknown>();

  constructor(
    readonly requestId: string,
    readonly ip: string,
    readonly actor: Actor | undefined,
    /** The API key the request came with: a read-only key leaves `actor` undefined (it sees what the public sees). */
    readonly apiKey?: ApiKeyCaller,
  ) {}

  get isAuthenticated(): boolean {
    return this.actor !== undefined;
  }

  /** For CLI commands, seeds and tests that act with full rights outside HTTP. */
  static system(actor?: Actor): RequestContext {
    return new RequestContext('system', '127.0.0.1', actor);
  }
}

export interface ParvisRequest extends Request {
  parvisContext?: RequestContext;
}

export function httpObjects(context: ExecutionContext): { req: ParvisRequest; res: Response } {
  if (context.getType<GqlContextType>() === 'graphql') {
    const gqlContext = GqlExecutionContext.create(context).getContext<{ req: ParvisRequest; res: Response }>();
    return { req: gqlContext.req, res: gqlContext.req.res as Response };
  }
  const http = context.switchToHttp();
  return { req: http.getRequest<ParvisRequest>(), res: http.getResponse<Response>() };
}

export function requestContextOf(req: ParvisRequest): RequestContext {
  if (!req.parvisContext) {
    // pino-http types the id as string | number | object; ours is always a string (assignRequestId).
    const requestId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : 'unknown';
    req.parvisContext = new RequestContext(requestId, req.ip ?? 'unknown', undefined);
  }
  return req.parvisContext;
}

/** `@Ctx() ctx: RequestContext` in a resolver or controller method. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(httpObjects(context).req));
