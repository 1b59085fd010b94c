import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context';
import { CreateUserArgs, UpdateUserArgs } from './dto/user.input';
import { UserModel } from './user.model';
import { UsersService } from './users.service';

/** User administration: admins only (the service checks the `users:manage` permission). */
@Resolver(() => UserModel)
export class UsersResolver {
  constructor(private readonly service: UsersService) {}

  @Query(() => [UserModel], { description: 'Every staff account (admins only)' })
  users(@Ctx() ctx: RequestContext): Promise<UserModel[]> {
    return this.service.listFor(ctx);
  }

  @Mutation(() => UserModel, { description: 'Create a staff account (admins only)' })
  createUser(@Ctx() ctx: RequestContext, @Args() { input }: CreateUserArgs): Promise<UserModel> {
    return this.service.createFor(ctx, input);
  }

  @Mutation(() => UserModel, { description: 'Rename, change the role of, disable or re-enable an account (admins only)' })
  updateUser(@Ctx() ctx: RequestContext, @Args() { id, input }: UpdateUserArgs): Promise<UserModel> {
    return this.service.update(ctx, id, input);
  }
}
