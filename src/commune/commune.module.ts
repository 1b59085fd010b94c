import { Module } from '@nestjs/common';
import { CommuneController } from './commune.controller';
import { CommuneResolver } from './commune.resolver';
import { CommuneService } from './commune.service';

/** The commune's settings, below the content modules (legal notices read the publication mode in force). */
@Module({
  providers: [CommuneService, CommuneResolver],
  controllers: [CommuneController],
  exports: [CommuneService],
})
export class CommuneModule {}
