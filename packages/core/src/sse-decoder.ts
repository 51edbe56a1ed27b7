// Bytes in, chunks out. eventsource-parser does the SSE framing (CRLF/CR/LF, comments, multi-line
// data); this module adds UTF-8 decoding across network chunks and the API's event meanings.
import { createParser } from 'eventsource-parser';
import { createApiError, statusForErrorType } from './create-api-error';
import { UsingAiError } from './errors';
import type { ChatCompletionChunk } from './types';

export interface ChunkDecoderHandlers {
  /** `id` is the event's SSE `id:` field (undefined when it had none): what a resume starts after. */
  onChunk(chunk: ChatCompletionChunk, id: string | undefined): void;
  /** `data: [DONE]` arrived; nothing after it is read. */
  onDone(id: string | undefined): void;
  /** A data event that is not a JSON object, or an `{"error":...}` event. Nothing after it is read. */
  onError(error: UsingAiError): void;
}

export interface ChunkDecoder {
  /** Feeds bytes (any split, also inside a multi-byte character) or already-decoded text. */
  push(input: Uint8Array | string): void;
  /** The body closed: dispatches a last event that lacked its blank line. */
  end(): void;
}

export function createChunkDecoder(handlers: ChunkDecoderHandlers): ChunkDecoder {
  const text = new TextDecoder();
  let stopped = false;
  const parser = createParser({
    onEvent({ data, id }) {
      // An empty `data:` carries nothing (some servers send it as a keep-alive).
      if (stopped || !data) return;
      if (data === '[DONE]') {
        stopped = true;
        return handlers.onDone(id);
      }
      let value: { error?: { type?: unknown } } | null = null;
      try {
        value = JSON.parse(data);
      } catch {}
      if (typeof value !== 'object' || !value || value.error) {
        stopped = true;
        return handlers.onError(
          value?.error
            ? createApiError(statusForErrorType(value.error.type), value)
            : new UsingAiError({
                type: 'invalid_chunk',
                message: `Not a JSON chunk: ${data.slice(0, 100)}`,
                body: data,
              }),
        );
      }
      handlers.onChunk(value as ChatCompletionChunk, id);
    },
  });
  return {
    push(input) {
      if (!stopped) parser.feed(typeof input === 'string' ? input : text.decode(input, { stream: true }));
    },
    end() {
      // Two newlines complete a trailing line and dispatch its event; a finished stream ignores them.
      if (!stopped) parser.feed(`${text.decode()}\n\n`);
    },
  };
}
