import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJson } from '../openapi/openapi.decorators';
import type { Response } from 'express';
import {
  HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { DATABASE_RETRY_AFTER_SECONDS } from '../database/database-unavailable';
import { MEDIA_STORAGE, MediaStorage } from '../media/storage/media-storage';
import { SkipThrottle } from '@nestjs/throttler';

@SkipThrottle()
@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(MEDIA_STORAGE) private readonly mediaStorage: MediaStorage,
  ) {}

  /** The process is up (for a container's liveness probe): never touches the database. */
  @Get('live')
  @ApiDoc('Liveness: the process runs (never touches the database)')
  @ApiJson('HealthLive')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to serve: the database answers and media files can be stored (folder writable, or bucket reachable). */
  @Get('ready')
  @ApiDoc('Readiness: the database answers and media files can be stored')
  @ApiJson('HealthReady')
  @ApiJson('HealthReady', { status: 503, description: 'A check is down (see `error`); Retry-After says when to try again' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
        () => this.mediaStorageCheck(),
      ]);
    } catch (error) {
      // Terminus throws its report inside a 503; answer it as is (what is down and why), not as a
      // generic error: load balancers want the 503, operators the details.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      // A database or a bucket that is away usually comes back (the embedded one is restarted).
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async mediaStorageCheck(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('mediaStorage');
    try {
      await this.mediaStorage.check();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unavailable' });
    }
  }
}
