import type { ModelInfo, Tier } from '@using-ai/core';
import { useStreamingChat } from '@using-ai/react';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { AssistantMessage } from '../components/AssistantMessage';
import { BranchPicker } from '../components/BranchPicker';
import { Composer } from '../components/Composer';
import { ErrorBanner } from '../components/ErrorBanner';
import { ModelPicker } from '../components/ModelPicker';
import { QueuedMessages } from '../components/QueuedMessages';
import { ToolApprovalContext } from '../components/ToolApproval';
import { UsageLine } from '../components/UsageLine';
import { UserMessage } from '../components/UserMessage';
import { WaitBanner } from '../components/WaitBanner';
import { chatPersistence } from '../lib/chat-history';
import { describeError } from '../lib/describe-error';
import { demoTools } from '../tools';

interface ChatViewProps {
  conversationId: string;
  model: string | null;
  /** The conversation stored its model (false while it follows the default). */
  pinned: boolean;
  models: readonly ModelInfo[];
  tier: Tier | null;
  learnedLocks: ReadonlySet<string>;
  onModelChange: (model: string) => void;
  onTierForbidden: (model: string) => void;
}

const SUGGESTIONS: { text: string; hint?: string; model?: string }[] = [
  { text: 'Explain quicksort in a few sentences' },
  { text: 'Why is the sky blue?', hint: 'thinking model', model: 'deepseek-r2' },
  {
    text: 'What is the weather in Paris and what is (12 + 30) * 2?',
    hint: 'tools',
    model: 'haiku-4.5-agentic',
  },
  { text: 'What time is it in Tokyo?', hint: 'tools', model: 'haiku-4.5-agentic' },
];

export function ChatView(props: ChatViewProps) {
  const [draft, setDraft] = useState('');
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const { conversationId, model, models, tier, learnedLocks } = props;
  const info = models.find((m) => m.id === model);
  const agentic = info?.kind === 'agentic';

  const chat = useStreamingChat({
    id: conversationId,
    // Chat history (issue 13): stored in IndexedDB by the session itself, the same in every tab, and
    // messages typed while an answer streams wait in a queue.
    persistence: chatPersistence,
    sync: true,
    whileBusy: 'queue',
    model: model ?? '',
    // Tools go only to models that can call them.
    tools: agentic ? demoTools : undefined,
    maxSteps: 5,
    onError: (error) => {
      if (error.status === 403 && model) props.onTierForbidden(model);
    },
  });

  const busy =
    chat.status === 'submitted' ||
    chat.status === 'streaming' ||
    chat.status === 'waiting' ||
    chat.status === 'awaiting-approval';
  const views = useMemo(() => chat.messages.filter((m) => m.role !== 'system'), [chat.messages]);
  const last = views[views.length - 1];
  // The answer being written is the last message, and only once it exists (not while `submitted`).
  const lastAssistant = last?.role === 'assistant' ? last : undefined;

  // Escape stops from anywhere on the page, not only from the message box. One listener for the view's
  // life reading the latest render: one added once busy would miss a key pressed before effects ran.
  const stopIfBusy = useRef(() => {});
  stopIfBusy.current = busy ? chat.stop : () => {};
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') stopIfBusy.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const scroller = useRef<HTMLDivElement>(null);
  const lastContentLength = lastAssistant ? lastAssistant.content.length + lastAssistant.reasoning.length : 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the stream as text grows.
  useEffect(() => {
    const el = scroller.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 160) el.scrollTop = el.scrollHeight;
  }, [views.length, lastContentLength]);

  const description = chat.error ? describeError(chat.error, info) : null;
  const total = chat.usage.total;

  return (
    <section className="chat" aria-label="Chat">
      <div className="chat-toolbar">
        <ModelPicker
          models={models}
          value={model}
          tier={tier}
          learnedLocks={learnedLocks}
          onChange={props.onModelChange}
        />
        {info && (
          <span className={`kind-badge ${info.kind}`} title={`${info.name ?? info.id}`}>
            {info.kind}
          </span>
        )}
        <div className="spacer" />
        {total && total.total_tokens > 0 && <UsageLine usage={total} label="Total" showLabel />}
      </div>

      <ToolApprovalContext.Provider value={chat.approveToolCall}>
        <div className="messages" ref={scroller}>
          {views.length === 0 && !chat.loading && (
            <div className="empty">
              <h1>What can I help with?</h1>
              <p>Streaming answers, reasoning, tools and rate limits — all through your own proxy.</p>
              <ul className="suggestions">
                {SUGGESTIONS.map((s) => (
                  <li key={s.text}>
                    <button
                      type="button"
                      onClick={() => {
                        if (s.model && models.some((m) => m.id === s.model)) props.onModelChange(s.model);
                        setDraft(s.text);
                        composerRef.current?.focus();
                      }}
                    >
                      {s.text}
                      {s.hint && <span className="muted"> · {s.hint}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {views.map((m) => (
            <Fragment key={m.id}>
              {m.role === 'user' ? (
                <UserMessage message={m} canEdit={!busy} onEdit={chat.edit} />
              ) : (
                <AssistantMessage message={m} streaming={busy && m === lastAssistant} />
              )}
              <BranchPicker branches={chat.branchesOf(m.id)} onSelect={chat.selectBranch} />
            </Fragment>
          ))}
          <QueuedMessages queued={chat.queued} onClear={chat.clearQueue} />
          {busy && last?.role === 'user' && (
            <article className="msg assistant pending" aria-label="Assistant message" data-status="submitted">
              <div className="avatar" aria-hidden="true">
                AI
              </div>
              <div className="msg-body">
                <span className="caret standalone" aria-hidden="true" />
                <span className="sr-only">Waiting for the answer</span>
              </div>
            </article>
          )}
          {!busy && lastAssistant && (
            <div className="after-answer">
              <button type="button" className="btn ghost small" onClick={() => chat.regenerate()}>
                <span aria-hidden="true">↻</span> Regenerate
              </button>
            </div>
          )}
        </div>
      </ToolApprovalContext.Provider>

      <div className="chat-bottom">
        {chat.status === 'waiting' && chat.retry && (
          <WaitBanner
            attempt={chat.retry.attempt}
            at={chat.retry.at}
            reason={
              chat.retry.reason === 'rate-limit-wait' || chat.retry.error?.status === 429
                ? 'rate-limit'
                : 'retry'
            }
            onCancel={chat.stop}
          />
        )}
        {description && !busy && (
          <ErrorBanner
            description={description}
            onRetry={() => chat.regenerate()}
            onDismiss={chat.clearError}
          />
        )}
        <Composer
          text={draft}
          onTextChange={setDraft}
          textareaRef={composerRef}
          busy={busy}
          canQueue
          disabled={!model}
          onSend={(text) => {
            // Pin the model the chat started with, so a later default (another tier) does not change it.
            if (model && !props.pinned) props.onModelChange(model);
            void chat.send(text);
          }}
          onStop={chat.stop}
        />
      </div>
    </section>
  );
}
