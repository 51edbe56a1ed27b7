// The benchmark page: the same SSE bytes streamed into useStreamingChat and into @ai-sdk/react's useChat,
// counting React commits (Profiler), frames (requestAnimationFrame) and long tasks (PerformanceObserver).
import { useChat } from '@ai-sdk/react';
import { createClient } from '@using-ai/core';
import { useStreamingChat } from '@using-ai/react';
import type { ChatTransport, UIMessage, UIMessageChunk } from 'ai';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { memo, Profiler, useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';

const ENDPOINT = '/api/using-ai/chat/completions';

export interface RunResult {
  commits: number;
  frames: number;
  /** Most commits that landed between two animation frames. */
  maxCommitsPerFrame: number;
  /** The same, leaving out the first and last frames with commits (mount + send, final flush). */
  maxCommitsPerFrameMidStream: number;
  longTasks: number;
  longestTaskMs: number;
  durationMs: number;
  textLength: number;
}

// --- Measurement -----------------------------------------------------------------------------------

let frame = 0;
let measuring = false;
let commits = 0;
const commitsPerFrame = new Map<number, number>();
const longTasks: number[] = [];

new PerformanceObserver((list) => {
  if (!measuring) return;
  for (const entry of list.getEntries()) longTasks.push(entry.duration);
}).observe({ type: 'longtask' });

function countFrames() {
  frame += 1;
  if (measuring) requestAnimationFrame(countFrames);
}

function onRender() {
  commits += 1;
  commitsPerFrame.set(frame, (commitsPerFrame.get(frame) ?? 0) + 1);
}

// --- useChat's transport: reads the same OpenAI-style SSE bytes and emits UI message chunks ----------

const openAiSseTransport: ChatTransport<UIMessage> = {
  async sendMessages({ abortSignal }) {
    const response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'go' }], stream: true }),
      signal: abortSignal ?? null,
    });
    let started = false;
    return (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .pipeThrough(
        new TransformStream<{ data: string }, UIMessageChunk>({
          transform(event, controller) {
            if (!started) {
              started = true;
              controller.enqueue({ type: 'start' });
              controller.enqueue({ type: 'text-start', id: 't' });
            }
            if (event.data === '[DONE]') {
              controller.enqueue({ type: 'text-end', id: 't' });
              controller.enqueue({ type: 'finish' });
              return;
            }
            const chunk = JSON.parse(event.data) as { choices: Array<{ delta: { content?: string } }> };
            const delta = chunk.choices[0]?.delta.content;
            if (delta) controller.enqueue({ type: 'text-delta', id: 't', delta });
          },
        }),
      );
  },
  reconnectToStream: async () => null,
};

// --- The two contestants -----------------------------------------------------------------------------

const client = createClient({ baseURL: '/api/using-ai' });

function Ours({ onDone }: { onDone: (text: string) => void }) {
  const chat = useStreamingChat({ client, model: 'bench' });
  const { send } = chat;
  const last = chat.messages[chat.messages.length - 1];
  const text = useRef('');
  text.current = last?.content ?? '';
  useEffect(() => {
    void send('go').then(() => requestAnimationFrame(() => onDone(text.current)));
  }, [send, onDone]);
  return (
    <div>
      <p>{chat.status}</p>
      <pre>{last?.content}</pre>
    </div>
  );
}

function Theirs({ onDone }: { onDone: (text: string) => void }) {
  const chat = useChat({ transport: openAiSseTransport });
  const { sendMessage, status } = chat;
  const last = chat.messages[chat.messages.length - 1];
  const content =
    last?.role === 'assistant' ? last.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : '';
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void sendMessage({ text: 'go' });
  }, [sendMessage]);
  useEffect(() => {
    if (sent.current && status === 'ready' && content) requestAnimationFrame(() => onDone(content));
  }, [status, content, onDone]);
  return (
    <div>
      <p>{status}</p>
      <pre>{content}</pre>
    </div>
  );
}

// --- Long chat: the same stream into a chat that already has 200 messages, every row rendered -------

type ChatRow = ReturnType<typeof useStreamingChat>['messages'][number];

/** A row re-renders only when its message object changes: unchanged messages keep their identity. */
const Row = memo(function Row({ message }: { message: ChatRow }) {
  return (
    <div>
      <b>{message.role}</b>
      <pre>{message.content}</pre>
    </div>
  );
});

const earlier = Array.from({ length: 200 }, (_, i) => ({
  role: i % 2 ? ('assistant' as const) : ('user' as const),
  content: `Earlier message ${i}: ${'lorem ipsum dolor sit amet '.repeat(8)}`,
}));

let startSend: (() => Promise<string>) | null = null;

function ListChat({ long }: { long: boolean }) {
  const chat = useStreamingChat({ client, model: 'bench', initialMessages: long ? earlier : [] });
  const { send } = chat;
  const text = useRef('');
  text.current = chat.messages[chat.messages.length - 1]?.content ?? '';
  useEffect(() => {
    startSend = () =>
      send('go').then(() => new Promise((resolve) => requestAnimationFrame(() => resolve(text.current))));
  }, [send]);
  return (
    <div>
      <p>{chat.status}</p>
      {chat.messages.map((m) => (
        <Row key={m.id} message={m} />
      ))}
    </div>
  );
}

let unmountList: (() => void) | null = null;

/** Mounts the list chat (not measured); resolves once it has painted. */
function mountList(long: boolean): Promise<void> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  unmountList = () => {
    root.unmount();
    container.remove();
  };
  root.render(<ListChat long={long} />);
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
}

/** Streams into the mounted list chat; resolves with the answer's length, then unmounts. */
async function streamList(): Promise<number> {
  const text = await (startSend as () => Promise<string>)();
  unmountList?.();
  return text.length;
}

function run(kind: 'ours' | 'theirs'): Promise<RunResult> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  commits = 0;
  commitsPerFrame.clear();
  longTasks.length = 0;
  const startFrame = frame;
  measuring = true;
  requestAnimationFrame(countFrames);
  const started = performance.now();
  return new Promise((resolve) => {
    const onDone = (text: string) => {
      const durationMs = performance.now() - started;
      measuring = false;
      // Long-task entries are delivered asynchronously; give the observer a moment.
      setTimeout(() => {
        root.unmount();
        container.remove();
        resolve({
          commits,
          frames: frame - startFrame,
          maxCommitsPerFrame: Math.max(0, ...commitsPerFrame.values()),
          maxCommitsPerFrameMidStream: Math.max(0, ...[...commitsPerFrame.values()].slice(1, -1)),
          longTasks: longTasks.filter((d) => d > 50).length,
          longestTaskMs: Math.max(0, ...longTasks),
          durationMs,
          textLength: text.length,
        });
      }, 100);
    };
    const App = kind === 'ours' ? Ours : Theirs;
    root.render(
      <Profiler id={kind} onRender={onRender}>
        <App onDone={onDone} />
      </Profiler>,
    );
  });
}

Object.assign(window, { runBench: run, mountList, streamList });
