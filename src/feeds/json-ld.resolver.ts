import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { GraphQLJSON } from 'graphql-type-json';
import { Association } from '../associations/association.model';
import { Ctx, RequestContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Event } from '../events/event.model';
import { Procedure } from '../procedures/procedure.model';
import { feedLinks } from './feeds.controller';
import { JsonLd } from './json-ld';
import { JsonLdService } from './json-ld.service';

const DESCRIPTION = 'schema.org JSON-LD for search engines, to put in a `<script type="application/ld+json">` of the page';

@Resolver(() => Event)
export class EventJsonLdResolver {
  constructor(private readonly service: JsonLdService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @ResolveField(() => GraphQLJSON, { description: `${DESCRIPTION} (an Event at its next date)` })
  jsonLd(@Ctx() ctx: RequestContext, @Parent() event: Event, @Context('req') req: Request): Promise<JsonLd> {
    return this.service.event(ctx, event, feedLinks(this.config, req));
  }
}

@Resolver(() => Association)
export class AssociationJsonLdResolver {
  constructor(private readonly service: JsonLdService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @ResolveField(() => GraphQLJSON, { description: `${DESCRIPTION} (an NGO)` })
  jsonLd(@Parent() association: Association, @Context('req') req: Request): JsonLd {
    return this.service.association(association, feedLinks(this.config, req));
  }
}

@Resolver(() => Procedure)
export class ProcedureJsonLdResolver {
  constructor(private readonly service: JsonLdService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @ResolveField(() => GraphQLJSON, { description: `${DESCRIPTION} (a GovernmentService, with the documents to bring per situation as HowTo)` })
  jsonLd(@Ctx() ctx: RequestContext, @Parent() sheet: Procedure, @Context('req') req: Request): Promise<JsonLd> {
    return this.service.procedure(ctx, sheet, feedLinks(this.config, req));
  }
}
