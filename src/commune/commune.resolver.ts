import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context';
import { CommuneService } from './commune.service';
import { CommuneSettings, toCommuneSettings } from './commune-settings.model';
import { UpdateCommuneSettingsArgs } from './dto/commune-settings.input';

@Resolver(() => CommuneSettings)
export class CommuneResolver {
  constructor(private readonly service: CommuneService) {}

  @Query(() => CommuneSettings, { description: 'The commune: name, INSEE code, population and how its acts are published' })
  async commune(): Promise<CommuneSettings> {
    return toCommuneSettings(await this.service.read());
  }

  @Mutation(() => CommuneSettings, { description: 'Changes the commune settings (admins only); paper or posting only under 3,500 inhabitants, with the council decision' })
  async updateCommuneSettings(@Ctx() ctx: RequestContext, @Args() { version, input }: UpdateCommuneSettingsArgs): Promise<CommuneSettings> {
    return toCommuneSettings(await this.service.update(ctx, version, input));
  }
}
