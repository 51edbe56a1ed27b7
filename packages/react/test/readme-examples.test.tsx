// The README's examples, compiled by the typecheck and run against the emulator.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChatTool, UsingAiProvider, useStreamingChat } from '../src';
import { Translate } from './examples/readme-snippets';
import { RootQuickStart } from './examples/root-quick-start';
import { setupMockServer } from './helpers';

const mock = setupMockServer();
afterEach(cleanup);

// The five-line quick start, as printed.
// biome-ignore format: kept on the README's five lines
function FiveLines() {
  const { messages, send } = useStreamingChat({ model: 'haiku-4.5' });
  return <div>{messages.map((m) => <p key={m.id}>{m.role}: {m.content}</p>)}<button type="button" onClick={() => send('Hello!')}>Send</button></div>;
}

// Quick start, as printed.
function QuickStart() {
  const { messages, send, status } = useStreamingChat({ model: 'haiku-4.5-agentic' });
  const busy = status !== 'idle' && status !== 'error';
  return (
    <>
      {messages.map((m) => (
        <p key={m.id}>
          {m.role}: {m.content}
        </p>
      ))}
      <button type="button" disabled={busy} onClick={() => send('Say hello in one word.')}>
        Send
      </button>
    </>
  );
}

const tools = {
  get_weather: {
    description: 'Get the current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    execute: async ({ city }: { city: string }, { signal }) => ({
      city,
      sky: signal.aborted ? '?' : 'clear',
    }),
  },
  confirm_booking: {
    description: 'Ask the user to confirm a booking',
    parameters: { type: 'object', properties: { hotel: { type: 'string' } } },
  },
} satisfies Record<string, ChatTool>;

function Agent({ prompt }: { prompt: string }) {
  const { messages, send, addToolResult, status } = useStreamingChat({
    model: 'haiku-4.5-agentic',
    tools,
    maxSteps: 4,
  });
  return (
    <div>
      <button type="button" onClick={() => send(prompt)}>
        Ask
      </button>
      <span data-testid="status">{status}</span>
      {messages.map((m) => (
        <div key={m.id}>
          {m.content}
          {m.toolCalls.map((call) =>
            call.state === 'pending' ? (
              <button type="button" key={call.id} onClick={() => addToolResult(call.id, 'confirmed')}>
                Confirm
              </button>
            ) : (
              <pre key={call.id} data-testid="tool">
                {call.function.name} → {call.state === 'error' ? call.error : JSON.stringify(call.result)}
              </pre>
            ),
          )}
        </div>
      ))}
    </div>
  );
}

const provider = (node: React.ReactNode) => (
  <UsingAiProvider baseURL={mock().baseURL} headers={{ Authorization: 'Bearer sk-test-supermaxes' }}>
    {node}
  </UsingAiProvider>
);

describe('README examples', () => {
  it('five-line quick start streams an answer on click', async () => {
    render(provider(<FiveLines />));
    await act(async () => screen.getByRole('button', { name: 'Send' }).click());
    await screen.findByText(/^assistant: .+/);
    expect(screen.getByText('user: Hello!')).toBeTruthy();
  });

  it('quick start streams an answer on click, the button disabled while busy', async () => {
    mock().configure({ ttftMs: 100 });
    render(provider(<QuickStart />));
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Send' });
    await act(async () => button.click());
    // Submitted, no token yet: busy.
    expect(button.disabled).toBe(true);
    await screen.findByText(/^assistant: .+/);
    expect(screen.getByText('user: Say hello in one word.')).toBeTruthy();
    await waitFor(() => expect(button.disabled).toBe(false));
  });

  it('root README quick start: Stop mid-stream keeps the partial answer and sends nothing again', async () => {
    mock().configure({ tokensPerSecond: 50 });
    render(provider(<RootQuickStart />));
    const input = screen.getByRole<HTMLInputElement>('textbox', { name: 'Message' });
    input.value = 'Tell me a long story about a lighthouse.';
    await act(async () => screen.getByRole('button', { name: 'Send' }).click());
    const stop = await screen.findByRole('button', { name: 'Stop' });
    await waitFor(() => expect(document.querySelectorAll('p')).toHaveLength(2));
    await act(async () => stop.click());
    await screen.findByRole('button', { name: 'Send' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const roles = [...document.querySelectorAll('p b')].map((b) => b.textContent);
    expect(roles).toEqual(['user:', 'assistant:']);
  });

  it('useChatCompletionMutation snippet: a click fires one completion and shows it', async () => {
    render(
      <QueryClientProvider client={new QueryClient()}>
        {provider(<Translate text="good morning" />)}
      </QueryClientProvider>,
    );
    await act(async () => screen.getByRole('button', { name: 'Translate' }).click());
    await screen.findByText(/French: good morning/);
  });

  it('tools example: execute runs, and a tool without execute waits for the Confirm click', async () => {
    render(provider(<Agent prompt="What is the weather in Paris?" />));
    await act(async () => screen.getByRole('button', { name: 'Ask' }).click());
    await screen.findByText('get_weather → {"city":"Paris","sky":"clear"}');
    await screen.findByText('idle');
    cleanup();

    render(provider(<Agent prompt="Please confirm the booking at the Hotel Astoria." />));
    await act(async () => screen.getByRole('button', { name: 'Ask' }).click());
    const confirm = await screen.findByRole('button', { name: 'Confirm' });
    expect(screen.getByTestId('status').textContent).toBe('idle');
    await act(async () => confirm.click());
    await screen.findByText('confirm_booking → "confirmed"');
    await screen.findByText('idle');
  });
});
