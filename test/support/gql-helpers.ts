/** One input field a refusal names (`extensions.fields` of a GraphQL error). */
export interface GqlFieldError {
  path: string;
  message: string;
}

export interface GqlError {
  message: string;
  extensions: { code: string; fields?: GqlFieldError[] };
}

/** The JSON body of a GraphQL answer. */
export interface GqlBody<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: GqlError[];
}

/** The first error of a GraphQL answer; fails the test when the answer holds none. */
export function firstGqlError(body: GqlBody): GqlError {
  const error = body.errors?.[0];
  if (!error) throw new Error(`Expected a GraphQL error, got ${JSON.stringify(body)}`);
  return error;
}

/** What a client is told when its request is refused: the code, and the path and message of each field named. */
export interface Refusal {
  code: string;
  paths: string[];
  messages: string[];
}

/** The refusal in the first error of a GraphQL answer; fails the test when the answer holds no error. */
export function refusalOf(body: GqlBody): Refusal {
  const error = firstGqlError(body);
  const fields = error.extensions.fields ?? [];
  return { code: error.extensions.code, paths: fields.map((field) => field.path), messages: fields.map((field) => field.message) };
}
