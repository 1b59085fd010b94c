import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { DemoContentSeeder } from './demo-content';

@Module({
  imports: [PagesModule],
  providers: [DemoContentSeeder],
  exports: [DemoContentSeeder],
})
export class SeedModule {}
