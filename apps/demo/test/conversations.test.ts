import { describe, expect, it } from 'vitest';
import {
  activeConversation,
  deleteConversation,
  initialState,
  startConversation,
  titleFrom,
  updateConversation,
} from '../src/lib/conversations';
import { loadConversations, STORAGE_KEY, saveConversations } from '../src/lib/storage';

type M = { role: string; content: string };

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('conversations', () => {
  it('a new chat is created only when the current one has messages', () => {
    const s0 = initialState<M>('m1');
    expect(startConversation(s0, 'm1').conversations).toHaveLength(1);
    const s1 = updateConversation(s0, s0.activeId, { messages: [{ role: 'user', content: 'hi' }] });
    const s2 = startConversation(s1, 'm2');
    expect(s2.conversations).toHaveLength(2);
    expect(activeConversation(s2).model).toBe('m2');
    expect(activeConversation(s2).messages).toEqual([]);
  });

  it('deleting the last chat leaves a fresh one', () => {
    const s0 = initialState<M>('m1');
    const s1 = deleteConversation(s0, s0.activeId, 'm1');
    expect(s1.conversations).toHaveLength(1);
    expect(s1.activeId).not.toBe(s0.activeId);
  });

  it('titles are one short line', () => {
    expect(titleFrom('  hello\n  world ')).toBe('hello world');
    expect(titleFrom('x'.repeat(100))).toHaveLength(48);
    expect(titleFrom('   ')).toBe('Untitled chat');
  });

  it('round-trips through storage and survives garbage', () => {
    const storage = memoryStorage();
    const s0 = initialState<M>('m1');
    const s1 = updateConversation(s0, s0.activeId, {
      messages: [{ role: 'user', content: 'hi' }],
      title: 'hi',
    });
    saveConversations(storage, s1);
    expect(loadConversations<M>(storage)).toEqual(s1);
    expect(loadConversations<M>(memoryStorage({ [STORAGE_KEY]: '{not json' })).conversations).toHaveLength(1);
    expect(
      loadConversations<M>(memoryStorage({ [STORAGE_KEY]: '{"conversations":[{"id":3}]}' })).conversations[0]
        ?.messages,
    ).toEqual([]);
    expect(loadConversations<M>(undefined).conversations).toHaveLength(1);
  });
});
