import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/config';
import { DemoContentSeeder } from '../../src/seed/demo-content';

/**
 * Child process of demo-template.ts: loads the demo content into the database PARVIS_DEMO_DATABASE_URL,
 * its files into PARVIS_DEMO_MEDIA_DIR, as `npm run seed` does. Exits 0 once the connections are closed
 * (a database with a connection cannot be a template).
 */
async function main(): Promise<void> {
  const url = process.env.PARVIS_DEMO_DATABASE_URL;
  const mediaDir = process.env.PARVIS_DEMO_MEDIA_DIR;
  if (!url || !mediaDir) throw new Error('PARVIS_DEMO_DATABASE_URL and PARVIS_DEMO_MEDIA_DIR are required');
  const config = loadConfig({ NODE_ENV: 'test', MEDIA_DIR: mediaDir });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, url), { logger: ['error'] });
  try {
    await app.get(DemoContentSeeder).seed();
  } finally {
    await app.close();
  }
  // Uploads are received there first: nothing is left in it once the seed is over.
  rmSync(join(mediaDir, '.tmp'), { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
