import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { Request, Response } from 'express';

export const ROLES = ['admin', 'editor', 'contributor'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated staff member behind a request. */
export interface Actor {
  userId: string;
  role: Role;
  /** The refresh-token family this access token belongs to (lets logout end it). */
  sessionId: string;
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
