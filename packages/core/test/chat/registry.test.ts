import { acquireChatSession, createClient } from '@using-ai/core';
import { describe, expect, it } from 'vitest';

// No request is sent here: the registry is about identity and lifetime.
const client = () => createClient({ baseURL: 'http://127.0.0.1:9/v1' });
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('acquireChatSession', () => {
  it('gives one session per (client, id); without an id always a new one', () => {
    const a = client();
    const b = client();
    const first = acquireChatSession(a, { id: 'x' });
    expect(acquireChatSession(a, { id: 'x' })).toBe(first);
    expect(acquireChatSession(b, { id: 'x' })).not.toBe(first);
    expect(acquireChatSession(a, { id: 'y' })).not.toBe(first);
    expect(acquireChatSession(a)).not.toBe(acquireChatSession(a));
    expect(first.id).toBe('x');
  });

  it('keeps the first options for the state; later acquirers share it', () => {
    const c = client();
    const first = acquireChatSession(c, { id: 'init', initialMessages: [{ role: 'user', content: 'hi' }] });
    const second = acquireChatSession(c, { id: 'init', initialMessages: [] });
    expect(second).toBe(first);
    expect(second.getSnapshot().messages.map((m) => m.content)).toEqual(['hi']);
  });

  it('forgets a session after its last subscriber left, not while one resubscribes in the same task', async () => {
    const c = client();
    const session = acquireChatSession(c, { id: 'life' });
    const unsubscribe = session.subscribe(() => {});
    unsubscribe();
    const again = session.subscribe(() => {});
    await nextTask();
    expect(acquireChatSession(c, { id: 'life' })).toBe(session);
    again();
    again(); // a second call is harmless
    await nextTask();
    const fresh = acquireChatSession(c, { id: 'life' });
    expect(fresh).not.toBe(session);
    // A component still holding the old session and subscribing again does not steal the id back.
    const late = session.subscribe(() => {});
    expect(acquireChatSession(c, { id: 'life' })).toBe(fresh);
    late();
  });
});
