// "At most one commit per frame": counted with a Profiler and a scheduler the test ticks by hand, so the
// result does not depend on how fast this machine is.
import { Profiler } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Chat, chatOf, handle, loggingClient, setupMockServer } from './helpers';

const mock = setupMockServer();

// Plain createRoot, no act(): commits happen when React would schedule them in an app.
beforeAll(() => {
  Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', false);
});
afterAll(() => {
  Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);
});

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
});
