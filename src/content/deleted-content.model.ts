import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('DeletedContent', { description: 'What remains of a deleted item: its id and last version' })
export class DeletedContent {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;
}
