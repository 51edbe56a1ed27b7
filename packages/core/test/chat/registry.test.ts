import { createClient } from '@using-ai/core';
import { acquireChatSession, findChatSession } from '@using-ai/core/chat';
import { describe, expect, it } from 'vitest';

// No request is sent here: the registry is about identity and lifetime.
const client = () => createClient({ baseURL: 'http://127.0.0.1:9/v1' });

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

  it('forgets a session as soon as its last subscriber leaves; a resubscribe in the same task registers it again', () => {
    const c = client();
    const session = acquireChatSession(c, { id: 'life' });
    const unsubscribe = session.subscribe(() => {});
    unsubscribe();
    // StrictMode: unsubscribe and subscribe again at once keeps the session.
    const again = session.subscribe(() => {});
    expect(acquireChatSession(c, { id: 'life' })).toBe(session);
    again();
    again(); // a second call is harmless
    // No waiting for a timer: the next mount (or the next test) with this id starts fresh.
    expect(findChatSession(c, 'life')).toBeUndefined();
    const fresh = acquireChatSession(c, { id: 'life', initialMessages: [{ role: 'user', content: 'new' }] });
    expect(fresh).not.toBe(session);
    expect(fresh.getSnapshot().messages.map((m) => m.content)).toEqual(['new']);
    // A component still holding the old session and subscribing again does not steal the id back.
    const late = session.subscribe(() => {});
    expect(acquireChatSession(c, { id: 'life' })).toBe(fresh);
    late();
  });

  it('stays registered while one of several subscribers remains', () => {
    const c = client();
    const session = acquireChatSession(c, { id: 'two' });
    const a = session.subscribe(() => {});
    const b = session.subscribe(() => {});
    a();
    expect(findChatSession(c, 'two')).toBe(session);
    b();
    expect(findChatSession(c, 'two')).toBeUndefined();
  });

  it('lazy: a session nobody subscribes to never reaches the registry (server rendering)', () => {
    const c = client();
    const first = acquireChatSession(
      c,
      { id: 'ssr', initialMessages: [{ role: 'user', content: 'alice' }] },
      { lazy: true },
    );
    expect(findChatSession(c, 'ssr')).toBeUndefined();
    const second = acquireChatSession(
      c,
      { id: 'ssr', initialMessages: [{ role: 'user', content: 'bob' }] },
      { lazy: true },
    );
    expect(second).not.toBe(first);
    expect(second.getSnapshot().messages.map((m) => m.content)).toEqual(['bob']);
    // Subscribing registers it (hydration); a registered session is then shared, lazy or not.
    const unsubscribe = second.subscribe(() => {});
    expect(findChatSession(c, 'ssr')).toBe(second);
    expect(acquireChatSession(c, { id: 'ssr' }, { lazy: true })).toBe(second);
    expect(acquireChatSession(c, { id: 'ssr' })).toBe(second);
    // The id is taken: the other lazy session subscribing later does not replace it.
    const other = first.subscribe(() => {});
    expect(findChatSession(c, 'ssr')).toBe(second);
    other();
    unsubscribe();
    expect(findChatSession(c, 'ssr')).toBeUndefined();
  });
});
