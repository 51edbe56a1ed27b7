// Branches: edit and regenerate keep the old answers as alternatives, against the real emulator.
import { memoryPersistence } from '@using-ai/core/persistence';
import { describe, expect, it, vi } from 'vitest';
import { setupChatSuite } from './support';
import { until } from './until';

const suite = setupChatSuite();
const session = (options = {}) => suite.session({ model: 'haiku-4.5', ...options });

describe('branches', () => {
  it('gives every message its parentId along the active path', async () => {
    const chat = session();
    await chat.send('Tell me about cats.');
    await chat.send('And dogs?');
    const { messages } = chat.getSnapshot();
    expect(messages.map((m) => m.parentId)).toEqual([null, ...messages.slice(0, -1).map((m) => m.id)]);
  });

  it('regenerate keeps the old answer as a branch; selectBranch goes back to it', async () => {
    const chat = session();
    await chat.send('Tell me about cats.');
    const first = chat.getSnapshot().messages[1];
    await chat.regenerate();
    const second = chat.getSnapshot().messages[1];
    expect(second?.id).not.toBe(first?.id);
    expect(chat.branchesOf(second?.id as string)).toEqual({ ids: [first?.id, second?.id], index: 1 });
    expect(chat.branchesOf(first?.id as string).index).toBe(0);

    expect(chat.selectBranch(first?.id as string)).toBe(true);
    expect(chat.getSnapshot().messages).toHaveLength(2);
    expect(chat.getSnapshot().messages[1]).toBe(first);
    expect(chat.selectBranch('no-such-id')).toBe(false);
  });

  it('edit keeps the old user message and its answers; the edited one keeps its id', async () => {
    const chat = session();
    await chat.send('Tell me about cats.');
    await chat.send('And their history?');
    const before = chat.getSnapshot().messages;
    const userId = before[0]?.id as string;
    await chat.edit(userId, 'Tell me about penguins.');
    const after = chat.getSnapshot().messages;
    expect(after.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(after[0]).toMatchObject({ id: userId, content: 'Tell me about penguins.' });

    const { ids, index } = chat.branchesOf(userId);
    expect(ids).toHaveLength(2);
    expect(index).toBe(1);
    // The older version comes first, and selecting it brings back its whole branch down to the leaf.
    chat.selectBranch(ids[0] as string);
    const old = chat.getSnapshot().messages;
    expect(old.map((m) => m.content)).toEqual(before.map((m) => m.content));
    expect(old.slice(1)).toEqual(before.slice(1).map((m, i) => (i === 0 ? { ...m, parentId: ids[0] } : m)));
    chat.selectBranch(userId);
    expect(chat.getSnapshot().messages[0]?.content).toBe('Tell me about penguins.');
  });

  it('a regenerate while streaming keeps the cut-off answer as a branch, marked incomplete when selected', async () => {
    const chat = session();
    suite.mock().configure({ tokensPerSecond: 40 });
    const pending = chat.send('Tell me about cats.');
    await until(chat, (s) => s.status === 'streaming' && !!s.messages[1]?.content);
    const cut = chat.getSnapshot().messages[1]?.id as string;
    suite.mock().configure({ tokensPerSecond: 0 });
    await chat.regenerate();
    await pending;
    chat.selectBranch(cut);
    expect(chat.getSnapshot().messages[1]).toMatchObject({ id: cut, incomplete: true, finishReason: null });
  });

  it('the whole tree survives a save and load round trip', async () => {
    const persistence = memoryPersistence();
    const chat = session({ id: 'tree', persistence });
    await until(chat, (s) => !s.loading);
    await chat.send('Tell me about cats.');
    await chat.regenerate();
    const userId = chat.getSnapshot().messages[0]?.id as string;
    await chat.edit(userId, 'Tell me about owls.');
    const expected = chat.getSnapshot().messages;
    await vi.waitFor(async () => expect((await persistence.load('tree'))?.activeId).toBe(expected[1]?.id));

    const again = session({ id: 'tree', persistence });
    const loaded = await until(again, (s) => !s.loading);
    expect(loaded.messages).toEqual(expected);
    const { ids } = again.branchesOf(userId);
    expect(ids).toHaveLength(2);
    again.selectBranch(ids[0] as string);
    const old = again.getSnapshot().messages;
    expect(old[0]?.content).toBe('Tell me about cats.');
    expect(again.branchesOf(old[1]?.id as string).ids).toHaveLength(2);
  });
});
