import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { OPENAPI_DOCS_PATH, OPENAPI_JSON_PATH } from './openapi.document';
import { OpenApiDocumentHost } from './openapi.module';

/** The description may be cached like the feeds: it only changes with a new version of Parvis. */
const DOCUMENT_CACHE_CONTROL = 'public, max-age=300';

/**
 * Serves `GET /api/v1/openapi.json` (anonymous, the document built at start-up, with an ETag) and the
 * interactive page at `GET /api/docs` (Swagger UI from the swagger-ui-dist package, served from this
 * server: no CDN, no analytics, no call to the online validator).
 */
export function mountOpenApi(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const host = app.get(OpenApiDocumentHost);
  host.attach(app);
  express.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== OPENAPI_JSON_PATH) {
      next();
      return;
    }
    res.setHeader('Cache-Control', DOCUMENT_CACHE_CONTROL);
    res.type('application/json; charset=utf-8').send(host.text());
  });
  SwaggerModule.setup(OPENAPI_DOCS_PATH.slice(1), app, () => host.get(), {
    raw: false,
    customSiteTitle: 'Parvis REST API',
    swaggerOptions: { validatorUrl: null, deepLinking: true, docExpansion: 'none', tryItOutEnabled: false },
  });
}

/** True for the interactive page and its assets (scripts, styles, images of Swagger UI). */
export function isOpenApiDocsPath(path: string): boolean {
  return path === OPENAPI_DOCS_PATH || path.startsWith(`${OPENAPI_DOCS_PATH}/`);
}

/**
 * The Content-Security-Policy of the interactive page only: its scripts and styles from this server,
 * the inline `<style>` of its HTML, `data:` images of its stylesheet, and requests to this server
 * (the document, and "Try it out"). Every other answer keeps the strict API policy (app.setup.ts).
 */
export function openApiDocsSecurityHeaders(common: Parameters<typeof helmet>[0]): RequestHandler {
  return helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
  });
}
