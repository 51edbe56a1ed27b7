// UsingAiProvider: a client, client options as props, or an options object; a hook's own client wins.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { UsingAiProvider } from '../src';
import { Chat, chatOf, handle, loggingClient, setupMockServer } from './helpers';

const mock = setupMockServer();
afterEach(cleanup);

const auth = { Authorization: 'Bearer sk-test-supermaxes' };

describe('UsingAiProvider', () => {
  it('a client prop that goes away later falls back to the client made from the option props', async () => {
    const given = loggingClient(mock()).client;
    const h = handle();
    const app = (client?: typeof given) => (
      <UsingAiProvider client={client} baseURL={mock().baseURL} headers={auth}>
        <Chat handle={h} model="haiku-4.5" />
      </UsingAiProvider>
    );
    const view = render(app(given));
    view.rerender(app(undefined));
    // The hooks' default client would post to /api/using-ai on no origin and fail; the provider's works.
    await act(() => chatOf(h).send('hi'));
    expect(chatOf(h).error).toBeNull();
    expect(chatOf(h).messages[1]?.finishReason).toBe('stop');
  });

  it('creates its client from option props', async () => {
    const h = handle();
    render(
      <UsingAiProvider baseURL={mock().baseURL} headers={auth}>
        <Chat handle={h} model="haiku-4.5" />
      </UsingAiProvider>,
    );
    await act(() => chatOf(h).send('hi'));
    expect(chatOf(h).status).toBe('idle');
    expect(chatOf(h).messages[1]?.finishReason).toBe('stop');
  });

  it('creates its client from an options object', async () => {
    const h = handle();
    render(
      <UsingAiProvider options={{ baseURL: mock().baseURL, headers: auth }}>
        <Chat handle={h} model="haiku-4.5" />
      </UsingAiProvider>,
    );
    await act(() => chatOf(h).send('hi'));
    expect(chatOf(h).messages[1]?.finishReason).toBe('stop');
  });

  it('merges `options` over the option props: options win, props it leaves out still apply', async () => {
    const h = handle();
    render(
      // The prop baseURL points nowhere; `options.baseURL` replaces it, and the prop headers are kept.
      <UsingAiProvider baseURL="http://127.0.0.1:9/v1" headers={auth} options={{ baseURL: mock().baseURL }}>
        <Chat handle={h} model="haiku-4.5" />
      </UsingAiProvider>,
    );
    await act(() => chatOf(h).send('hi'));
    expect(chatOf(h).error).toBeNull();
    expect(chatOf(h).messages[1]?.finishReason).toBe('stop');
  });

  it("a hook's own client takes precedence over the provider's", async () => {
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(
      <UsingAiProvider baseURL="http://127.0.0.1:9/v1">
        <Chat handle={h} client={client} model="haiku-4.5" />
      </UsingAiProvider>,
    );
    await act(() => chatOf(h).send('hi'));
    expect(requests).toHaveLength(1);
    expect(chatOf(h).error).toBeNull();
  });

  it('without a provider, hooks use a default client for /api/using-ai', async () => {
    const urls: string[] = [];
    const realFetch = globalThis.fetch;
    // The default client looks fetch up at call time; record where it goes and answer like a proxy would.
    globalThis.fetch = async (input) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return new Response(
        JSON.stringify({ error: { type: 'authentication_error', message: 'No session' } }),
        {
          status: 401,
          headers: { 'content-type': 'application/json' },
        },
      );
    };
    try {
      const h = handle();
      render(<Chat handle={h} model="haiku-4.5" />);
      await act(() => chatOf(h).send('hi'));
      expect(chatOf(h).status).toBe('error');
      expect(chatOf(h).error?.name).toBe('AuthenticationError');
      expect(new URL(urls[0] ?? '', 'http://localhost').pathname).toBe('/api/using-ai/chat/completions');
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
