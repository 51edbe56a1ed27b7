// @vitest-environment happy-dom
// The same component and kit under happy-dom instead of jsdom. happy-dom replaces the global
// Request/Response an in-process server needs, so the kit defaults to MSW mode there.

import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { setupUsingAiMock } from '@using-ai/mock/testing';
import { UsingAiProvider } from '@using-ai/react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ChatBox } from './chat-box';

const mock = setupUsingAiMock({ hooks: { beforeAll, afterEach, afterAll } });
afterEach(cleanup);

it('server mode is refused with a clear error under happy-dom', async () => {
  const server = setupUsingAiMock({ mode: 'server', hooks: false });
  await expect(server.listen()).rejects.toThrow(/happy-dom/);
  await server.close();
});

it('streams a scripted answer and records the request under happy-dom (MSW mode)', async () => {
  expect(mock.baseURL).toBe('https://api.using.ai/v1');
  mock.script({ text: 'Hello from happy-dom.' });
  render(
    <UsingAiProvider baseURL={mock.baseURL} headers={mock.headers} maxRetries={0}>
      <ChatBox />
    </UsingAiProvider>,
  );
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'Hi' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
  expect(await screen.findByText('Hello from happy-dom.')).toBeTruthy();
  await waitFor(() => expect(mock.requests()[0]?.outcome).toBe('completed'));
});
