import type { ChatCompletionRequest, ModelInfo, Tier } from '@using-ai/core';
import { useChatCompletion } from '@using-ai/react/query';
import { type FormEvent, useState } from 'react';
import { ErrorBanner } from '../components/ErrorBanner';
import { Markdown } from '../components/Markdown';
import { UsageLine } from '../components/UsageLine';
import { describeError } from '../lib/describe-error';
import { tierAllows } from '../lib/tiers';

const TASKS = {
  summarise: { label: 'Summarise', system: 'Summarise the user’s text in two sentences.' },
  translate_fr: { label: 'Translate to French', system: 'Translate the user’s text into French.' },
  translate_de: { label: 'Translate to German', system: 'Translate the user’s text into German.' },
  bullets: { label: 'Key points', system: 'List the key points of the user’s text as bullets.' },
} as const;

type TaskId = keyof typeof TASKS;

const SAMPLE =
  'The using.ai API puts every model behind one endpoint and one key. Keys are scoped to a subscription tier, and every response reports the rate-limit window in X-RateLimit headers, so clients can back off before they hit a 429.';

/** The request a task + text makes; identical inputs make identical requests, hence the same cache entry. */
export function buildRequest(task: TaskId, text: string, model: string): ChatCompletionRequest {
  return {
    model,
    messages: [
      { role: 'system', content: TASKS[task].system },
      { role: 'user', content: text },
    ],
    temperature: 0,
  };
}

function pickModel(models: readonly ModelInfo[], tier: Tier | null): string {
  const usable = models.filter((m) => m.kind === 'chat' && (tier === null || tierAllows(tier, m.tier)));
  return usable[0]?.id ?? models[0]?.id ?? 'haiku-4.5';
}

/**
 * One-shot completions with useChatCompletion: a plain TanStack query keyed by the request. Run the same
 * task on the same text twice and the second answer comes from the query cache, with no request.
 */
export function OneShotView({ models, tier }: { models: readonly ModelInfo[]; tier: Tier | null }) {
  const [task, setTask] = useState<TaskId>('summarise');
  const [text, setText] = useState(SAMPLE);
  const [submitted, setSubmitted] = useState<{
    request: ChatCompletionRequest;
    task: TaskId;
    at: number;
  } | null>(null);
  const model = pickModel(models, tier);

  const query = useChatCompletion(submitted?.request ?? null);

  const run = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setSubmitted({ request: buildRequest(task, text.trim(), model), task, at: Date.now() });
  };

  // Data older than the click was already in the cache: no request was made for this answer.
  const fromCache = submitted !== null && query.isSuccess && query.dataUpdatedAt < submitted.at;
  const result = query.data;
  const description = query.error ? describeError(query.error) : null;

  return (
    <section className="oneshot" aria-label="One-shot">
      <form className="oneshot-form" onSubmit={run}>
        <div className="oneshot-head">
          <h1>One-shot completions</h1>
          <p>
            <code>useChatCompletion</code> is a TanStack query keyed by the request: repeat an input and the
            answer comes straight from the cache.
          </p>
        </div>
        <label className="field">
          <span>Task</span>
          <select aria-label="Task" value={task} onChange={(e) => setTask(e.target.value as TaskId)}>
            {Object.entries(TASKS).map(([id, t]) => (
              <option key={id} value={id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Text</span>
          <textarea aria-label="Text" rows={6} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <div className="oneshot-actions">
          <span className="muted">Model: {model}</span>
          <button type="submit" className="btn primary" disabled={query.isFetching}>
            Run
          </button>
        </div>
      </form>

      {description && (
        <ErrorBanner
          description={description}
          onRetry={() => void query.refetch()}
          onDismiss={() => setSubmitted(null)}
        />
      )}

      {submitted && (
        <article className="oneshot-result" aria-label="Result" aria-busy={query.isFetching}>
          <header>
            <strong>{TASKS[submitted.task].label}</strong>
            {query.isFetching && !result ? (
              <span className="cache-badge loading" data-testid="cache-status">
                Requesting…
              </span>
            ) : result ? (
              <span className={`cache-badge ${fromCache ? 'hit' : 'miss'}`} data-testid="cache-status">
                {fromCache ? 'Served from cache — no request sent' : 'Fresh from the API'}
              </span>
            ) : null}
          </header>
          {result && <Markdown text={result.content} />}
          {result?.usage && <UsageLine usage={result.usage} />}
        </article>
      )}
    </section>
  );
}
