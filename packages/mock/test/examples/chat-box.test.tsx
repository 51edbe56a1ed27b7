// @vitest-environment jsdom
// The README's testing guide, run in CI: a component using useStreamingChat, tested against the emulator
// with @using-ai/mock/testing and @testing-library/react.

import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { setupUsingAiMock } from '@using-ai/mock/testing';
import { UsingAiProvider } from '@using-ai/react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ChatBox } from './chat-box';

// One emulator for this file: started before the tests, reset after each, closed at the end.
const mock = setupUsingAiMock({ hooks: { beforeAll, afterEach, afterAll } });
afterEach(cleanup);

function renderChat() {
  // In the app the provider points at your proxy; in the test, at the emulator, with a test key.
  render(
    <UsingAiProvider baseURL={mock.baseURL} headers={mock.headers} maxRetries={0}>
      <ChatBox />
    </UsingAiProvider>,
  );
}

function sendMessage(text: string) {
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
}

it('streams the scripted answer and sends what the user typed', async () => {
  mock.script({ reasoning: 'The user greets me.', text: 'Hello! How can I help?' });
  renderChat();
  sendMessage('Hi there');

  expect(await screen.findByText('Hello! How can I help?')).toBeTruthy();
  expect(screen.getByText('The user greets me.')).toBeTruthy();
  const [request] = mock.requests();
  expect(request?.body).toMatchObject({
    model: 'haiku-4.5-agentic',
    stream: true,
    messages: [{ role: 'user', content: 'Hi there' }],
  });
});

it('runs the tool the model calls and shows the answer that uses its result', async () => {
  mock.script(
    { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
    { text: 'It is 21 °C and sunny in Paris.' },
  );
  renderChat();
  sendMessage('Weather in Paris?');

  expect(await screen.findByText('It is 21 °C and sunny in Paris.')).toBeTruthy();
  expect(screen.getByText('get_weather: done')).toBeTruthy();
  // The second request carried the tool's result back to the model.
  const second = mock.requests()[1]?.body as { messages: Array<{ role: string; content: unknown }> };
  expect(second.messages.at(-1)).toMatchObject({ role: 'tool' });
  expect(String(second.messages.at(-1)?.content)).toContain('sunny');
});

it('shows an error when the API fails, and the rate limit the API reports', async () => {
  mock.script({ fault: 'server_error' }, { text: 'Back again.', rateLimit: { limit: 60, remaining: 3 } });
  renderChat();
  sendMessage('Hello?');
  expect((await screen.findByRole('alert')).textContent).toMatch(/failed/i);

  fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
  sendMessage('Hello again?');
  expect(await screen.findByText('Back again.')).toBeTruthy();
  expect(screen.getByLabelText('Requests left').textContent).toBe('3');
});

it('Stop cancels the stream at the API, not only on screen', async () => {
  mock.configure({ tokensPerSecond: 10 });
  mock.script({
    text: 'A long answer that streams word by word, ten words a second, slowly enough for the test to press Stop long before it could reach its final words, stopped midway.',
  });
  renderChat();
  sendMessage('Tell me a story');

  await screen.findByText(/A long/);
  fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
  await waitFor(() => expect(mock.requests()[0]?.outcome).toBe('cancelled'));
  expect(screen.queryByText(/stopped midway\.$/)).toBeNull();
});
