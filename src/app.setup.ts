import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config/config';

/** HTTP-level set-up shared by main.ts and the e2e tests, so tests run what production runs. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', config.http.trustProxyHops);
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: config.http.bodyLimit });
  express.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
}
