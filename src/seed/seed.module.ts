import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { DemoContentSeeder } from './demo-content';

@Module({
  imports: [PagesModule, TaxonomyModule],
  providers: [DemoContentSeeder],
  exports: [DemoContentSeeder],
})
export class SeedModule {}
