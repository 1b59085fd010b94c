import { Global, Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service';

/** The audit trail of staff and media events, below every feature (auth and media write to it). */
@Global()
@Module({ providers: [AuditTrail], exports: [AuditTrail] })
export class AuditModule {}
