// "At most one commit per frame": counted with a Profiler and a scheduler the test ticks by hand, so the
// result does not depend on how fast this machine is.
import type { UsingAiClient } from '@using-ai/core';
import { Profiler } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useStreamingChat } from '../src';
import { Chat, type ChatHandle, chatOf, handle, loggingClient, setupMockServer } from './helpers';

const mock = setupMockServer();

// Plain createRoot, no act(): commits happen when React would schedule them in an app.
beforeAll(() => {
  Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', false);
});
afterAll(() => {
  Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A requestAnimationFrame that runs nothing until the test plays a frame. */
function stubFrames() {
  const frames: FrameRequestCallback[] = [];
  const requested = vi.fn((callback: FrameRequestCallback) => frames.push(callback));
  vi.stubGlobal('requestAnimationFrame', requested);
  const play = () => {
    for (const frame of frames.splice(0)) frame(performance.now());
  };
  return { requested, play };
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
const prompt = 'Write a long story about a lighthouse keeper, the sea, the storms and the ships.';

function mount() {
  const container = document.createElement('div');
  const root: Root = createRoot(container);
  let commits = 0;
  return {
    container,
    root,
    commits: () => commits,
    render(node: React.ReactNode) {
      flushSync(() =>
        root.render(
          <Profiler
            id="chat"
            onRender={() => {
              commits += 1;
            }}
          >
            {node}
          </Profiler>,
        ),
      );
    },
  };
}

/** A chat with `throttle: false` that records each assistant text it renders. */
function Unthrottled({
  client,
  handle,
  rendered,
}: {
  client: UsingAiClient;
  handle: ChatHandle;
  rendered: string[];
}) {
  const chat = useStreamingChat({ client, model: 'haiku-4.5', throttle: false });
  handle.current = chat;
  const content = chat.messages[1]?.content;
  if (content !== undefined && content !== rendered[rendered.length - 1]) rendered.push(content);
  return <p>{content}</p>;
}

describe('render batching', () => {
  it('commits at most once per scheduler tick while streaming; the final state is flushed at once', async () => {
    mock().configure({ tokensPerSecond: 2000 });
    const { client } = loggingClient(mock());
    const queue: Array<() => void> = [];
    const h = handle();
    const view = mount();
    view.render(
      <Chat handle={h} client={client} model="haiku-4.5" scheduler={(flush) => void queue.push(flush)} />,
    );
    const sent = chatOf(h).send(prompt);
    let settled = false;
    void sent.then(() => {
      settled = true;
    });
    await nextTask();
    const perTick: number[] = [];
    while (!settled) {
      await nextTask();
      const before = view.commits();
      // A "frame": everything the scheduler queued since the last one, rendered synchronously.
      flushSync(() => {
        for (const flush of queue.splice(0)) flush();
      });
      perTick.push(view.commits() - before);
    }
    await nextTask();
    const answer = chatOf(h).messages[1];
    expect(answer?.finishReason).toBe('stop');
    // The last token is on screen without another tick.
    expect(view.container.querySelectorAll('li')[1]?.textContent).toBe(answer?.content);
    expect(Math.max(...perTick)).toBeLessThanOrEqual(1);
    expect(perTick.length).toBeGreaterThan(0);
    const outside = view.commits() - perTick.reduce((a, b) => a + b, 0);
    // Outside ticks: the first render, the send (user message + submitted), the final state.
    expect(outside).toBeLessThanOrEqual(3);
    view.root.unmount();
  });

  it("default throttle ('frame'): at most one commit per animation frame, the final state without a frame", async () => {
    mock().configure({ tokensPerSecond: 2000 });
    const frames = stubFrames();
    const { client } = loggingClient(mock());
    const h = handle();
    const view = mount();
    view.render(<Chat handle={h} client={client} model="haiku-4.5" />);
    let settled = false;
    void chatOf(h)
      .send(prompt)
      .then(() => {
        settled = true;
      });
    const perFrame: number[] = [];
    while (!settled) {
      await nextTask();
      const before = view.commits();
      flushSync(frames.play);
      perFrame.push(view.commits() - before);
    }
    await nextTask();
    expect(frames.requested).toHaveBeenCalled();
    expect(Math.max(...perFrame)).toBeLessThanOrEqual(1);
    expect(perFrame.filter((n) => n === 1).length).toBeGreaterThan(1);
    const answer = chatOf(h).messages[1];
    expect(answer?.finishReason).toBe('stop');
    // No frame was played after the answer settled: the last token is on screen anyway.
    expect(view.container.querySelectorAll('li')[1]?.textContent).toBe(answer?.content);
    view.root.unmount();
  });

  it('throttle: false commits for each chunk, without waiting for a frame', async () => {
    // One token every 10 ms: each chunk arrives in its own task, so each can be its own commit.
    mock().configure({ tokensPerSecond: 100 });
    const frames = stubFrames();
    const { client } = loggingClient(mock());
    const h = handle();
    const view = mount();
    const rendered: string[] = [];
    view.render(<Unthrottled client={client} handle={h} rendered={rendered} />);
    await chatOf(h).send('Tell me about otters.');
    const answer = chatOf(h).messages[1]?.content ?? '';
    const words = answer.split(/\s+/).filter(Boolean).length;
    expect(frames.requested).not.toHaveBeenCalled();
    // Roughly one render per token (a word is one or more tokens); a frame throttle would give ~0 here,
    // since no frame is ever played.
    expect(rendered.length).toBeGreaterThanOrEqual(words / 2);
    expect(rendered[rendered.length - 1]).toBe(answer);
    view.root.unmount();
  });
});
