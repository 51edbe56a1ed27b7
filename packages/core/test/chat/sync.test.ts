// sync: true: two sessions (as two tabs) joined by a real BroadcastChannel, against the real emulator.
import { type ChatSession, createChatSession, createClient } from '@using-ai/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupChatSuite } from './support';
import { until } from './until';

const suite = setupChatSuite();
const tabs: Array<() => void> = [];
afterEach(() => {
  for (const close of tabs.splice(0)) close();
});

/** A "tab": its own client (counting its requests) and session, subscribed like a mounted UI. */
function tab(id: string) {
  let requests = 0;
  const client = createClient({
    baseURL: suite.mock().baseURL,
    headers: { Authorization: 'Bearer sk-test-supermaxes' },
    fetch: (input, init) => {
      requests += 1;
      return fetch(input, init);
    },
  });
  const chat = createChatSession(client, { id, sync: true, model: 'haiku-4.5', throttle: false });
  tabs.push(chat.subscribe(() => {}));
  return { chat, requests: () => requests };
}

const contents = (chat: ChatSession) => chat.getSnapshot().messages.map((m) => m.content);

describe('sync', () => {
  it('one send makes one request; the other tab shows the same messages and status', async () => {
    const a = tab('s1');
    const b = tab('s1');
    // Everything posted on the channel: only the tab that runs the request may post a streaming state
    // (a tab echoing what it applied made the two tabs bounce stale states back and forth).
    const posted: Array<{ type: string; status?: string; running?: boolean }> = [];
    const listener = new BroadcastChannel('using-ai:chat:s1');
    listener.onmessage = ({ data }) => posted.push(data);
    tabs.push(() => listener.close());
    suite.mock().configure({ tokensPerSecond: 40 });
    const sent = a.chat.send('Tell me about cats.');
    // The other tab sees the answer while it streams, and is busy meanwhile.
    await until(b.chat, (s) => s.status === 'streaming' && !!s.messages[1]?.content);
    expect(await b.chat.send('And dogs?')).toBe(false);
    suite.mock().configure({ tokensPerSecond: 0 });
    expect(await sent).toBe(true);
    await vi.waitFor(() => expect(b.chat.getSnapshot().status).toBe('idle'));
    expect(contents(b.chat)).toEqual(contents(a.chat));
    expect(a.requests() + b.requests()).toBe(1);
    expect(posted.filter((m) => m.type === 'state' && m.status === 'streaming' && !m.running)).toEqual([]);

    // A send from the other tab works too, and is seen here.
    expect(await b.chat.send('And dogs?')).toBe(true);
    await vi.waitFor(() => expect(contents(a.chat)).toEqual(contents(b.chat)));
    expect(a.requests() + b.requests()).toBe(2);
    expect(a.chat.getSnapshot().messages.map((m) => m.id)).toEqual(
      b.chat.getSnapshot().messages.map((m) => m.id),
    );
  });

  it('a tab opened later gets the chat from the others; stop() from another tab stops the request', async () => {
    const a = tab('s2');
    await a.chat.send('Tell me about cats.');
    const b = tab('s2');
    await vi.waitFor(() => expect(contents(b.chat)).toEqual(contents(a.chat)));

    suite.mock().configure({ tokensPerSecond: 20 });
    const sent = b.chat.send('And dogs?');
    await until(a.chat, (s) => s.status === 'streaming' && !!s.messages[3]?.content);
    a.chat.stop();
    expect(await sent).toBe(true);
    expect(b.chat.getSnapshot().messages[3]?.finishReason).toBe('aborted');
    await vi.waitFor(() => expect(a.chat.getSnapshot().messages[3]?.finishReason).toBe('aborted'));
    expect(a.chat.getSnapshot().status).toBe('idle');
    expect(a.requests() + b.requests()).toBe(2);
  });

  it('a closed streaming tab does not leave the others stuck', async () => {
    const a = tab('s3');
    const b = tab('s3');
    suite.mock().configure({ tokensPerSecond: 20 });
    void a.chat.send('Tell me about cats.');
    await until(b.chat, (s) => s.status === 'streaming' && !!s.messages[1]?.content);
    // Closing the tab: its last subscriber leaves (the unsubscribe the UI does on pagehide/unmount).
    tabs.shift()?.();
    await vi.waitFor(() => expect(b.chat.getSnapshot().status).toBe('idle'));
    suite.mock().configure({ tokensPerSecond: 0 });
    expect(await b.chat.send('Still there?')).toBe(true);
    expect(b.chat.getSnapshot().messages.at(-1)?.finishReason).toBe('stop');
  });

  it('a tab that goes away mid-stream (pagehide) leaves the others idle, the partial answer incomplete', async () => {
    const b = tab('s4');
    // The other tab speaks the channel directly here: it streams, then is gone without a final state.
    const gone = new BroadcastChannel('using-ai:chat:s4');
    const base = { reasoning: '', toolCalls: [], usage: null };
    // It answers the new tab's hello with its state, as a streaming tab does.
    gone.onmessage = ({ data }) => {
      if (data.type !== 'hello') return;
      gone.postMessage({
        type: 'state',
        from: 'tab-gone',
        messages: [
          { ...base, id: 'u', parentId: null, role: 'user', content: 'Cats?', finishReason: null },
          { ...base, id: 'a', parentId: 'u', role: 'assistant', content: 'Cats are', finishReason: null },
        ],
        activeId: 'a',
        status: 'streaming',
        error: null,
        running: true,
      });
    };
    await until(b.chat, (s) => s.status === 'streaming');
    expect(await b.chat.send('Hello?')).toBe(false);
    gone.postMessage({ type: 'bye', from: 'tab-gone' });
    const after = await until(b.chat, (s) => s.status === 'idle');
    gone.close();
    expect(after.messages[1]).toMatchObject({ content: 'Cats are', incomplete: true });
    expect(await b.chat.send('Hello?')).toBe(true);
  });

  it('the other tab publishes what arrives once per frame of its own scheduler, not once per post', async () => {
    const a = tab('s5');
    // The viewer's frames are in the test's hands: a flush only when the test says so.
    const frames: Array<() => void> = [];
    const client = createClient({ baseURL: suite.mock().baseURL });
    const viewer = createChatSession(client, {
      id: 's5',
      sync: true,
      model: 'haiku-4.5',
      scheduler: (flush) => frames.push(flush),
    });
    let published = 0;
    let inFrame = false;
    let outsideFrames = 0;
    tabs.push(
      viewer.subscribe(() => {
        published += 1;
        if (!inFrame) outsideFrames += 1;
      }),
    );
    suite.mock().configure({ tokensPerSecond: 200 });
    await a.chat.send('Tell me about cats.');
    // Many posts arrive (a's throttle is off: one per chunk); the viewer publishes only on its frames, at
    // most once per frame however many posts came in between.
    await vi.waitFor(() => {
      const before = published;
      inFrame = true;
      for (const flush of frames.splice(0)) flush();
      inFrame = false;
      expect(published - before).toBeLessThanOrEqual(1);
      expect(contents(viewer)).toEqual(contents(a.chat));
    });
    expect(outsideFrames).toBe(0);
  });

  it('selectBranch in one tab shows the same branch in the other (no new message, still news)', async () => {
    const a = tab('s6');
    const b = tab('s6');
    await a.chat.send('Tell me about cats.');
    await a.chat.regenerate();
    const [first, second] = a.chat.branchesOf(a.chat.getSnapshot().messages[1]?.id as string).ids;
    await vi.waitFor(() => expect(b.chat.getSnapshot().messages[1]?.id).toBe(second));
    expect(b.chat.selectBranch(first as string)).toBe(true);
    await vi.waitFor(() => expect(a.chat.getSnapshot().messages[1]?.id).toBe(first));
  });
});
