'use client';
// One question, one answer, as an ordinary TanStack query: cached per request (ask the same again and it
// answers from the cache), streamed into `data` because the request says `stream: true`.
import { useQueryClient } from '@tanstack/react-query';
import type { ChatCompletionRequest } from '@using-ai/core';
import { useChatCompletion, usingAiKeys } from '@using-ai/react/query';
import { useState } from 'react';
import { useHydrated } from '../use-hydrated';

export function Completion() {
  const [request, setRequest] = useState<ChatCompletionRequest | null>(null);
  const { data, error, isFetching } = useChatCompletion(request);
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  return (
    <>
      {request && <p data-role="user">{String(request.messages[0]?.content ?? '')}</p>}
      {data && <p data-role="assistant">{data.content}</p>}
      {error && <p role="alert">{error.message}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const text = String(new FormData(event.currentTarget).get('message') ?? '').trim();
          if (text)
            setRequest({ model: 'haiku-4.5', stream: true, messages: [{ role: 'user', content: text }] });
        }}
      >
        <input name="message" aria-label="Message" autoComplete="off" />
        {isFetching ? (
          <button
            key="stop"
            type="button"
            onClick={() => void queryClient.cancelQueries({ queryKey: usingAiKeys.completion(request) })}
          >
            Stop
          </button>
        ) : (
          <button key="send" type="submit" disabled={!hydrated}>
            Send
          </button>
        )}
      </form>
    </>
  );
}
