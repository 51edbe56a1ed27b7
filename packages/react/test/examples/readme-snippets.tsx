// Snippets of the react README, as printed there (keep in sync): compiled by the typecheck, and rendered by
// readme-examples.test.tsx where they can be driven.
import { TierForbiddenError } from '@using-ai/core';
import { useStreamingChat } from '../../src';
import { useChatCompletionMutation } from '../../src/query';

// "Errors and retries".
export function ChatStatus({ model }: { model: string }) {
  const { status, retry, error, rateLimit, clearError, regenerate } = useStreamingChat({ model });
  const seconds = retry ? Math.max(0, Math.ceil((retry.at - Date.now()) / 1000)) : 0;
  return (
    <>
      {status === 'waiting' && <p role="status">Retrying in {seconds} s…</p>}
      {error instanceof TierForbiddenError && (
        <p role="alert">
          {model} needs the {error.requiredTier} tier.
        </p>
      )}
      {error && (
        <button
          type="button"
          onClick={() => {
            clearError();
            void regenerate();
          }}
        >
          Retry
        </button>
      )}
      {rateLimit && <meter min={0} max={rateLimit.limit} value={rateLimit.remaining} />}
    </>
  );
}

// "useChatCompletionMutation".
export function Translate({ text }: { text: string }) {
  const translate = useChatCompletionMutation();
  return (
    <>
      <button
        type="button"
        onClick={() =>
          translate.mutate({ model: 'haiku-4.5', messages: [{ role: 'user', content: `French: ${text}` }] })
        }
      >
        Translate
      </button>
      <p>{translate.data?.content}</p>
    </>
  );
}
