import { describe, expect, it } from 'vitest';
import { messageStatus } from '../src/lib/message-status';
import type { StoredMessage } from '../src/lib/message-view';

const answer = (fields: Partial<StoredMessage> & Record<string, unknown>): StoredMessage => ({
  id: 'a1',
  role: 'assistant',
  content: 'Partial text',
  reasoning: '',
  toolCalls: [],
  usage: null,
  finishReason: 'stop',
  ...fields,
});

describe('messageStatus', () => {
  it('reads the message, so a saved answer that broke off stays interrupted after a reload', () => {
    expect(messageStatus(answer({ finishReason: null }), false)).toBe('interrupted');
    expect(messageStatus(answer({ finishReason: 'stop' }), false)).toBe('done');
    expect(messageStatus(answer({ finishReason: 'tool_calls' }), false)).toBe('done');
    expect(messageStatus(answer({ finishReason: 'length' }), false)).toBe('done');
    expect(messageStatus(answer({ finishReason: 'aborted' }), false)).toBe('stopped');
  });

  it('the message being written is streaming, whatever it holds so far', () => {
    expect(messageStatus(answer({ finishReason: null }), true)).toBe('streaming');
  });

  it('honours the snapshot flag `incomplete` where the chat sets it', () => {
    expect(messageStatus(answer({ finishReason: 'stop', incomplete: true }), false)).toBe('interrupted');
    expect(messageStatus(answer({ finishReason: null, incomplete: false }), false)).toBe('interrupted');
  });
});
