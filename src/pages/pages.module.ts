import { Module } from '@nestjs/common';
import { PagesController } from './pages.controller';
import { PagesResolver } from './pages.resolver';
import { PagesService } from './pages.service';

@Module({
  providers: [PagesService, PagesResolver],
  controllers: [PagesController],
  exports: [PagesService],
})
export class PagesModule {}
