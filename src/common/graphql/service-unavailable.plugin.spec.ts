import { HeaderMap } from '@apollo/server';
import type { GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import { serviceUnavailablePlugin } from './service-unavailable.plugin';

type Context = GraphQLRequestContextWillSendResponse<Record<string, unknown>>;

const UNAVAILABLE = { message: 'The database is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 } };

/** What the plugin makes of one answer: the HTTP status and Retry-After it leaves. */
async function answer(singleResult: Record<string, unknown>): Promise<{ status: number | undefined; retryAfter: string | undefined }> {
  const http = { status: undefined as number | undefined, headers: new HeaderMap() };
  const plugin = serviceUnavailablePlugin();
  const listener = (await plugin.requestDidStart?.({} as never)) as GraphQLRequestListener<Record<string, unknown>>;
  await listener.willSendResponse?.({ response: { http, body: { kind: 'single', singleResult } } } as unknown as Context);
  return { status: http.status, retryAfter: http.headers.get('retry-after') };
}

describe('serviceUnavailablePlugin', () => {
  it('answers 503 with Retry-After when the whole operation failed for an unavailable database', async () => {
    expect(await answer({ data: null, errors: [UNAVAILABLE] })).toEqual({ status: 503, retryAfter: '5' });
    expect(await answer({ data: { pages: null, events: null }, errors: [UNAVAILABLE, UNAVAILABLE] })).toEqual({ status: 503, retryAfter: '5' });
    expect(await answer({ data: { __typename: 'Query', pages: null }, errors: [UNAVAILABLE] })).toEqual({ status: 503, retryAfter: '5' });
  });

  it('leaves the status alone when some fields resolved, or when the errors are of another kind', async () => {
    expect(await answer({ data: { commune: { name: 'Anor' }, pages: null }, errors: [UNAVAILABLE] }))
      .toEqual({ status: undefined, retryAfter: undefined });
    expect(await answer({ data: null, errors: [{ message: 'No', extensions: { code: 'FORBIDDEN' } }] }))
      .toEqual({ status: undefined, retryAfter: undefined });
    expect(await answer({ data: { pages: { totalCount: 1 } } })).toEqual({ status: undefined, retryAfter: undefined });
  });
});
