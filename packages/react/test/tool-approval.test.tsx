// Tool approval through useStreamingChat in jsdom, against the emulator: an Approve/Deny card drives
// approveToolCall from the hook's result.

import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ChatTool, ChatToolCall } from '@using-ai/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useStreamingChat } from '../src';
import { loggingClient, setupMockServer } from './helpers';

const mock = setupMockServer();
afterEach(cleanup);

function ApprovalCard({ call, onDecide }: { call: ChatToolCall; onDecide: (approved: boolean) => void }) {
  return (
    <article aria-label={`Tool call ${call.function.name}`} data-state={call.state}>
      <code>{JSON.stringify(call.args)}</code>
      {call.state === 'awaiting-approval' ? (
        <>
          <button type="button" onClick={() => onDecide(true)}>
            Approve
          </button>
          <button type="button" onClick={() => onDecide(false)}>
            Deny
          </button>
        </>
      ) : null}
      {call.error ? <p>{call.error}</p> : null}
    </article>
  );
}

function Chat({
  tools,
  client,
}: {
  tools: Record<string, ChatTool>;
  client: ReturnType<typeof loggingClient>['client'];
}) {
  const chat = useStreamingChat({ client, model: 'haiku-4.5-agentic', tools, throttle: false });
  return (
    <div>
      <p data-testid="status">{chat.status}</p>
      <button type="button" onClick={() => chat.send('What is the weather in Paris?')}>
        Ask
      </button>
      <button type="button" onClick={chat.stop}>
        Stop
      </button>
      {chat.messages.flatMap((m) =>
        m.toolCalls.map((call) => (
          <ApprovalCard
            key={call.id}
            call={call}
            onDecide={(approved) => chat.approveToolCall(call.id, approved, approved ? undefined : 'Not now')}
          />
        )),
      )}
      <ul>
        {chat.messages.map((m) => (
          <li key={m.id}>{m.content}</li>
        ))}
      </ul>
    </div>
  );
}

function weather() {
  const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: 21 }));
  const tool: ChatTool<{ city: string }> = {
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    needsApproval: true,
    execute,
  };
  return { tools: { get_weather: tool as ChatTool }, execute };
}

describe('tool approval in useStreamingChat', () => {
  it('Approve runs the tool and the answer follows', async () => {
    const { client } = loggingClient(mock());
    const { tools, execute } = weather();
    render(<Chat client={client} tools={tools} />);
    fireEvent.click(screen.getByText('Ask'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('awaiting-approval'));
    expect(screen.getByRole('article').textContent).toContain('{"city":"Paris"}');
    expect(execute).not.toHaveBeenCalled();
    act(() => fireEvent.click(screen.getByText('Approve')));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
    expect(execute).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('article').dataset.state).toBe('done');
    expect(screen.queryByText('Approve')).toBeNull();
  });

  it('Deny sends the denial back and the model answers', async () => {
    const { client, requests } = loggingClient(mock());
    const { tools, execute } = weather();
    render(<Chat client={client} tools={tools} />);
    fireEvent.click(screen.getByText('Ask'));
    await screen.findByText('Deny');
    act(() => fireEvent.click(screen.getByText('Deny')));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
    expect(execute).not.toHaveBeenCalled();
    expect(screen.getByText('The user denied this tool call: Not now')).toBeTruthy();
    expect(requests[1]?.body.messages?.find((m) => m.role === 'tool')?.content).toBe(
      '{"error":"The user denied this tool call: Not now"}',
    );
    expect(screen.getAllByRole('listitem').at(-1)?.textContent?.length).toBeGreaterThan(0);
  });

  it('Stop while awaiting approval ends the call', async () => {
    const { client } = loggingClient(mock());
    const { tools } = weather();
    render(<Chat client={client} tools={tools} />);
    fireEvent.click(screen.getByText('Ask'));
    await screen.findByText('Approve');
    act(() => fireEvent.click(screen.getByText('Stop')));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
    expect(screen.getByText('Stopped')).toBeTruthy();
    expect(screen.queryByText('Approve')).toBeNull();
  });
});
