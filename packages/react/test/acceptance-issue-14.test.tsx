// Acceptance for issue #14 in React (jsdom, the real emulator over HTTP): useStreamingObject and tool
// approval through useStreamingChat's approveToolCall, with Approve/Deny buttons as the README shows.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { StreamInterruptedError } from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import {
  type ChatTool,
  type ChatToolCall,
  ObjectValidationError,
  UsingAiProvider,
  useStreamingChat,
} from '@using-ai/react';
import { type UseStreamingObjectResult, useStreamingObject } from '@using-ai/react/object';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
afterEach(() => {
  cleanup();
  mock.reset();
});

const Provider = ({ children }: { children: React.ReactNode }) => (
  <UsingAiProvider baseURL={mock.baseURL} headers={{ Authorization: 'Bearer sk-test-supermaxes' }}>
    {children}
  </UsingAiProvider>
);

const Recipe = z.object({
  name: z.string(),
  ingredients: z.array(z.object({ item: z.string(), amount: z.string() })),
  steps: z.array(z.string()),
});

type RecipeResult = UseStreamingObjectResult<z.infer<typeof Recipe>>;
const objectHandle: { current: RecipeResult | null } = { current: null };
const hook = () => {
  if (!objectHandle.current) throw new Error('not rendered');
  return objectHandle.current;
};

function RecipeCard({ max_tokens }: { max_tokens?: number }) {
  const result = useStreamingObject({
    model: 'haiku-4.5-agentic',
    schema: Recipe,
    messages: [{ role: 'system', content: 'You write short recipes.' }],
    max_tokens,
  });
  objectHandle.current = result;
  return (
    <section>
      <h2>{result.object?.name}</h2>
      <p data-testid="status">{result.status}</p>
      {result.error && <p role="alert">{result.error.name}</p>}
    </section>
  );
}

describe('issue 14: useStreamingObject({ model, schema })', () => {
  it('gives { object, status, error, submit, stop, reset }; submit resolves with the validated object', async () => {
    render(<RecipeCard />, { wrapper: Provider });
    expect(hook().status).toBe('idle');
    expect(hook().object).toBeUndefined();
    expect(hook().error).toBeNull();
    let result: unknown;
    await act(async () => {
      result = await hook().submit('A recipe for pancakes');
    });
    expect(Recipe.parse(result)).toEqual(result);
    expect(hook().object).toEqual(result);
    expect(hook().status).toBe('idle');
    expect(screen.getByRole('heading').textContent).toBe((result as { name: string }).name);
    const sent = mock.requests().at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(sent.messages.map((m) => m.role)).toEqual(['system', 'user']);
    act(() => hook().reset());
    expect(hook().object).toBeUndefined();
  });

  it('a schema mismatch shows ObjectValidationError with issues and text', async () => {
    mock.inject('schema_mismatch');
    render(<RecipeCard />, { wrapper: Provider });
    let result: unknown = 'unset';
    await act(async () => {
      result = await hook().submit('A recipe for pancakes');
    });
    expect(result).toBeUndefined();
    expect(hook().status).toBe('error');
    expect(hook().error).toBeInstanceOf(ObjectValidationError);
    const error = hook().error as ObjectValidationError;
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.text.length).toBeGreaterThan(0);
    expect(screen.getByRole('alert')).toBeTruthy();
  });

  it('JSON that never closes: StreamInterruptedError, object keeps what arrived', async () => {
    render(<RecipeCard max_tokens={12} />, { wrapper: Provider });
    await act(async () => {
      await hook().submit('A recipe for pancakes');
    });
    expect(hook().error).toBeInstanceOf(StreamInterruptedError);
    expect(hook().object).toBeDefined();
  });

  it('stop() stops it: back to idle, the emulator sees the cancel', async () => {
    mock.configure({ tokensPerSecond: 50 });
    render(<RecipeCard />, { wrapper: Provider });
    let pending: Promise<unknown> = Promise.resolve();
    act(() => {
      pending = hook().submit('A recipe for pancakes');
    });
    await waitFor(() => expect(hook().status).toBe('streaming'));
    act(() => hook().stop());
    expect(await pending).toBeUndefined();
    expect(hook().status).toBe('idle');
    await waitFor(() => expect(mock.requests().at(-1)?.outcome).toBe('cancelled'));
  });
});

const sendEmail: ChatTool<{ to: string; body: string }> = {
  description: 'Send an e-mail',
  parameters: z.object({ to: z.string(), body: z.string() }),
  needsApproval: true,
  execute: async ({ to }) => ({ sent: true, to }),
};

function ToolCard({ call, onDecide }: { call: ChatToolCall; onDecide: (approved: boolean) => void }) {
  return (
    <article data-testid="tool-card" data-state={call.state}>
      <code>{JSON.stringify(call.args)}</code>
      {call.state === 'awaiting-approval' && (
        <>
          <button type="button" onClick={() => onDecide(true)}>
            Approve
          </button>
          <button type="button" onClick={() => onDecide(false)}>
            Deny
          </button>
        </>
      )}
      {call.error && <p>{call.error}</p>}
    </article>
  );
}

const chatHandle: { current: ReturnType<typeof useStreamingChat> | null } = { current: null };
function Mailer() {
  const chat = useStreamingChat({
    model: 'haiku-4.5-agentic',
    tools: { send_email: sendEmail },
    throttle: false,
  });
  chatHandle.current = chat;
  return (
    <>
      <p data-testid="status">{chat.status}</p>
      {chat.messages.flatMap((m) =>
        m.toolCalls.map((call) => (
          <ToolCard
            key={call.id}
            call={call}
            onDecide={(approved) => chat.approveToolCall(call.id, approved, approved ? undefined : 'Not now')}
          />
        )),
      )}
    </>
  );
}

describe('issue 14: approval through useStreamingChat', () => {
  it("status 'awaiting-approval' with the arguments visible; Approve runs the tool", async () => {
    render(<Mailer />, { wrapper: Provider });
    act(() => void chatHandle.current?.send('Please send an email to bob about lunch'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('awaiting-approval'));
    expect(screen.getByTestId('tool-card').dataset.state).toBe('awaiting-approval');
    expect(screen.getByTestId('tool-card').textContent).toContain('"to"');
    act(() => screen.getByText('Approve').click());
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
    const call = chatHandle.current?.messages.flatMap((m) => m.toolCalls)[0];
    expect(call?.state).toBe('done');
    expect(call?.result).toMatchObject({ sent: true });
  });

  it('Deny sends the denial and the reason back to the model; the loop goes on', async () => {
    render(<Mailer />, { wrapper: Provider });
    act(() => void chatHandle.current?.send('Please send an email to bob about lunch'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('awaiting-approval'));
    act(() => screen.getByText('Deny').click());
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
    const call = chatHandle.current?.messages.flatMap((m) => m.toolCalls)[0];
    expect(call?.state).toBe('error');
    expect(call?.approval).toEqual({ approved: false, reason: 'Not now' });
    const tool = (
      mock.requests().at(-1)?.body as { messages: { role: string; content: string }[] } | undefined
    )?.messages.find((m) => m.role === 'tool');
    expect(tool?.content).toContain('Not now');
    expect(chatHandle.current?.messages.at(-1)?.role).toBe('assistant');
  });
});
