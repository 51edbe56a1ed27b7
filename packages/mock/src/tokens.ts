// The emulator's "tokenizer": a token is a run of non-space characters with the spaces before it.
// Crude next to BPE, but it is deterministic, streams readable deltas and concatenates back exactly.
import type { ChatMessage } from '@using-ai/core';

export function tokenize(text: string): string[] {
  const tokens: string[] = [...(text.match(/\s*\S+/g) ?? [])];
  const trailing = /\s+$/.exec(text)?.[0];
  if (trailing) {
    if (tokens.length === 0) tokens.push(trailing);
    else tokens[tokens.length - 1] += trailing;
  }
  return tokens;
}

/**
 * JSON answers stream in pieces of 2 to 6 characters (code points, never half a surrogate pair), cut
 * anywhere, inside strings, numbers and keywords too, so a client's partial-JSON parser sees every kind of
 * split. `random` makes the cuts deterministic per request.
 */
export function jsonPieces(text: string, random: () => number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; ) {
    const size = 2 + Math.floor(random() * 5);
    pieces.push(chars.slice(i, i + size).join(''));
    i += size;
  }
  return pieces;
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** Plain text of a message's content (text parts joined; images ignored). */
export function messageText(message: ChatMessage): string {
  const content = message.content;
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
}

/** Prompt tokens: each message's text plus a small fixed overhead per message, like real chat templates. */
export function countPromptTokens(messages: readonly ChatMessage[]): number {
  let total = 3;
  for (const message of messages) {
    total += 4 + countTokens(messageText(message));
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) {
        total += 3 + countTokens(call.function.name) + countTokens(call.function.arguments);
      }
    }
  }
  return total;
}
