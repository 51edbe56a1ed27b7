// A chat page with @using-ai/core alone: the client streams from /api/using-ai on this origin (the Hono
// route), and the page re-renders the assistant's text as each chunk arrives.
import { type ChatMessage, createClient } from '@using-ai/core';

const client = createClient();
const history: ChatMessage[] = [];

const list = document.querySelector<HTMLUListElement>('#messages')!;
const form = document.querySelector<HTMLFormElement>('#chat')!;
const sendButton = document.querySelector<HTMLButtonElement>('#send')!;
const stopButton = document.querySelector<HTMLButtonElement>('#stop')!;
const errorLine = document.querySelector<HTMLParagraphElement>('#error')!;

function addMessage(role: 'user' | 'assistant', text: string): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.role = role;
  item.textContent = text;
  list.append(item);
  return item;
}

function setBusy(busy: boolean) {
  sendButton.hidden = busy;
  stopButton.hidden = !busy;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = String(new FormData(form).get('message') ?? '').trim();
  if (!text) return;
  form.reset();
  errorLine.hidden = true;
  history.push({ role: 'user', content: text });
  addMessage('user', text);
  const answer = addMessage('assistant', '');

  const controller = new AbortController();
  stopButton.onclick = () => controller.abort();
  setBusy(true);
  const stream = client.stream({ model: 'haiku-4.5', messages: history }, { signal: controller.signal });
  try {
    for await (const _chunk of stream) answer.textContent = stream.current.content;
    const message = await stream.final();
    history.push({ role: 'assistant', content: message.content });
  } catch (error) {
    // A stream that breaks keeps what it already showed; say why below it.
    errorLine.textContent = error instanceof Error ? error.message : String(error);
    errorLine.hidden = false;
  } finally {
    setBusy(false);
  }
});

// The form works from here on (the page ships the button disabled).
sendButton.disabled = false;
