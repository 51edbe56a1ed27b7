// useStreamingObject in jsdom against the emulator over real HTTP: the object fills in, ends validated,
// fails with the typed errors, stops, resets, and commits at most once per frame while streaming.

import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { ObjectValidationError, StreamInterruptedError } from '@using-ai/core';
import { Profiler } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type ObjectSchema,
  type UseStreamingObjectOptions,
  type UseStreamingObjectResult,
  useStreamingObject,
} from '../src/object';
import { loggingClient, setupMockServer } from './helpers';

const mock = setupMockServer();
afterEach(cleanup);

const Answer = z.object({ title: z.string(), summary: z.string(), nights: z.number() });
type AnswerT = z.infer<typeof Answer>;
const prompt = 'Plan a weekend in Lisbon with a long summary of the old town, the river and the food';

interface Handle {
  current: UseStreamingObjectResult<AnswerT> | null;
}

type CardProps = { handle: Handle } & Partial<UseStreamingObjectOptions<ObjectSchema>>;

function Card({ handle, ...options }: CardProps) {
  // Tests swap the schema; the card renders the fields of Answer either way.
  const result = useStreamingObject({
    model: 'haiku-4.5',
    schema: Answer as ObjectSchema,
    ...options,
  }) as UseStreamingObjectResult<AnswerT>;
  handle.current = result;
  return (
    <div>
      <p data-testid="status">{result.status}</p>
      <h2>{result.object?.title}</h2>
      <p data-testid="summary">{result.object?.summary}</p>
      {result.error ? <p role="alert">{result.error.name}</p> : null}
    </div>
  );
}

const of = (h: Handle) => {
  if (!h.current) throw new Error('not rendered');
  return h.current;
};

describe('useStreamingObject', () => {
  it('fills the object in while streaming and ends with the validated object', async () => {
    mock().configure({ tokensPerSecond: 500 });
    const { client, requests } = loggingClient(mock());
    const h: Handle = { current: null };
    const seen: string[] = [];
    render(<Card handle={h} client={client} throttle={false} />);
    expect(of(h).status).toBe('idle');
    let result: AnswerT | undefined;
    await act(async () => {
      const done = of(h).submit(prompt);
      await waitFor(() => expect(of(h).status).toBe('streaming'));
      await waitFor(() => {
        seen.push(of(h).object?.summary ?? '');
        expect(of(h).object?.summary?.length).toBeGreaterThan(10);
      });
      result = await done;
    });
    expect(of(h).status).toBe('idle');
    expect(Answer.parse(of(h).object)).toEqual(result);
    expect(screen.getByTestId('summary').textContent).toBe(result?.summary);
    // Seen mid-stream: a prefix of the final summary.
    expect(result?.summary.startsWith(seen.at(-1) ?? '')).toBe(true);
    const body = requests[0]?.body as { messages: unknown[]; response_format: { type: string } };
    expect(body.response_format.type).toBe('json_schema');
    expect(body.messages).toEqual([{ role: 'user', content: prompt }]);
  });

  it('shows ObjectValidationError when the object breaks the schema, keeping what arrived', async () => {
    const { client } = loggingClient(mock());
    const h: Handle = { current: null };
    const onError = vi.fn();
    const Strict = z.object({ title: z.number() });
    render(
      <Card
        handle={h}
        client={client}
        onError={onError}
        schema={{
          standard: Strict,
          jsonSchema: { type: 'object', properties: { title: { type: 'string' } } },
        }}
      />,
    );
    await act(() => of(h).submit(prompt));
    expect(of(h).status).toBe('error');
    expect(of(h).error).toBeInstanceOf(ObjectValidationError);
    expect(screen.getByRole('alert').textContent).toBe('ObjectValidationError');
    expect(of(h).object).toEqual({ title: expect.any(String) });
    expect(onError).toHaveBeenCalledWith(of(h).error);
  });

  it('reports JSON that never closes as StreamInterruptedError', async () => {
    const { client } = loggingClient(mock());
    const h: Handle = { current: null };
    render(<Card handle={h} client={client} max_tokens={5} />);
    await act(() => of(h).submit(prompt));
    expect(of(h).error).toBeInstanceOf(StreamInterruptedError);
    expect(of(h).status).toBe('error');
  });

  it('stop() keeps the partial object and goes back to idle; reset() clears it', async () => {
    mock().configure({ tokensPerSecond: 100 });
    const { client } = loggingClient(mock());
    const h: Handle = { current: null };
    render(<Card handle={h} client={client} throttle={false} />);
    let done: Promise<AnswerT | undefined> = Promise.resolve(undefined);
    await act(async () => {
      done = of(h).submit(prompt);
      await waitFor(() => expect(of(h).object?.summary?.length).toBeGreaterThan(0));
      of(h).stop();
    });
    await expect(done).resolves.toBeUndefined();
    expect(of(h).status).toBe('idle');
    expect(of(h).error).toBeNull();
    const kept = of(h).object;
    expect(kept?.title).toEqual(expect.any(String));
    act(() => of(h).reset());
    expect(of(h).object).toBeUndefined();
  });

  it('unmounting stops the stream (its request is aborted)', async () => {
    mock().configure({ tokensPerSecond: 100 });
    const { client, requests } = loggingClient(mock());
    const h: Handle = { current: null };
    const view = render(<Card handle={h} client={client} throttle={false} />);
    let done: Promise<AnswerT | undefined> = Promise.resolve(undefined);
    await act(async () => {
      done = of(h).submit(prompt);
      await waitFor(() => expect(of(h).status).toBe('streaming'));
    });
    view.unmount();
    await expect(done).resolves.toBeUndefined();
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  it('a second submit replaces the first (its events are ignored)', async () => {
    mock().configure({ tokensPerSecond: 200 });
    const { client, requests } = loggingClient(mock());
    const h: Handle = { current: null };
    render(<Card handle={h} client={client} throttle={false} />);
    let first: Promise<AnswerT | undefined> = Promise.resolve(undefined);
    let second: Promise<AnswerT | undefined> = Promise.resolve(undefined);
    await act(async () => {
      first = of(h).submit(prompt);
      second = of(h).submit('Plan a day in Oslo');
      await second;
    });
    await expect(first).resolves.toBeUndefined();
    expect(requests[0]?.signal?.aborted).toBe(true);
    expect(of(h).object).toEqual(await second);
    expect(of(h).status).toBe('idle');
  });

  it("commits at most once per animation frame while streaming (default throttle 'frame')", async () => {
    Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', false);
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    try {
      mock().configure({ tokensPerSecond: 2000 });
      const { client } = loggingClient(mock());
      const h: Handle = { current: null };
      const root = createRoot(document.createElement('div'));
      let commits = 0;
      flushSync(() =>
        root.render(
          <Profiler
            id="card"
            onRender={() => {
              commits += 1;
            }}
          >
            <Card handle={h} client={client} />
          </Profiler>,
        ),
      );
      let settled = false;
      void of(h)
        .submit(prompt)
        .then(() => {
          settled = true;
        });
      const perFrame: number[] = [];
      while (!settled) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        const before = commits;
        flushSync(() => {
          for (const frame of frames.splice(0)) frame(performance.now());
        });
        perFrame.push(commits - before);
      }
      expect(Math.max(...perFrame)).toBeLessThanOrEqual(1);
      expect(perFrame.filter((n) => n === 1).length).toBeGreaterThan(1);
      expect(of(h).status).toBe('idle');
      root.unmount();
    } finally {
      vi.unstubAllGlobals();
      Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);
    }
  });
});
