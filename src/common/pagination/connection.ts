import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The page size a list serves for `first`: the default when absent, never more than MAX_PAGE_SIZE. */
export function pageSize(first: number | null | undefined): number {
  return Math.min(Math.max(first ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

@ObjectType({ description: 'Relay-style page information' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /**
   * The number of items matching the filters, all pages together. Lists give it as a getter that
   * counts on first read (`withLazyTotal`): GraphQL reads it only when a query selects `totalCount`.
   */
  readonly totalCount: Promise<number>;
}

/** A connection whose `totalCount` runs `count` on first read, once. */
export function withLazyTotal<T>(edges: Edge<T>[], pageInfo: PageInfo, count: () => Promise<number>): ConnectionShape<T> {
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo,
    get totalCount(): Promise<number> {
      return (counted ??= count());
    },
  };
}

/** `first` / `after` arguments shared by every list; `first` is capped so no query can ask for everything. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor from pageInfo.endCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;
}

/** Builds `<Name>Connection` and `<Name>Edge` GraphQL types for a node type. */
export function Connection<T>(nodeType: Type<T>, name: string): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items matching the filters, all pages together (counted only when selected)' })
    totalCount!: Promise<number>;
  }
  return ConnectionType;
}

/** The same connection with each node mapped; the total stays lazy. */
export function mapConnection<A, B>(connection: ConnectionShape<A>, map: (node: A) => B): ConnectionShape<B> {
  return withLazyTotal(connection.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })), connection.pageInfo, () => connection.totalCount);
}

/** The REST shape of a list: the nodes, the page information and the total. */
export interface RestList<T> {
  data: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** REST lists always give the total (one count statement). */
export async function toRestList<T>(connection: ConnectionShape<T>): Promise<RestList<T>> {
  return { data: connection.edges.map((edge) => edge.node), pageInfo: connection.pageInfo, totalCount: await connection.totalCount };
}
