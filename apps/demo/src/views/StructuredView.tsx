// Structured output with useStreamingObject: a trip-plan card whose fields fill in while the model writes
// its JSON. The developer panel's "Break the JSON schema" fault makes the next answer valid JSON that the
// schema rejects, shown as the typed ObjectValidationError beside what had arrived.
import type { ModelInfo, Tier } from '@using-ai/core';
import { ObjectValidationError, useStreamingObject } from '@using-ai/react/object';
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { client } from '../client';
import { tierAllows } from '../lib/tiers';
import './structured.css';

export const TripPlan = z.object({
  title: z.string(),
  destination: z.string(),
  summary: z.string(),
  nights: z.number(),
  days: z.array(z.object({ day: z.number(), city: z.string(), activities: z.array(z.string()) })),
  budget: z.object({ currency: z.string(), amount: z.number() }),
});

function pickModel(models: readonly ModelInfo[], tier: Tier | null): string {
  const usable = models.filter((m) => m.kind !== 'thinking' && (tier === null || tierAllows(tier, m.tier)));
  return usable[0]?.id ?? 'haiku-4.5';
}

function Field({ label, value }: { label: string; value: string | number | undefined }) {
  return (
    <div className="structured-field" data-filled={value !== undefined && value !== ''}>
      <dt>{label}</dt>
      <dd data-testid={`field-${label.toLowerCase()}`}>{value ?? '…'}</dd>
    </div>
  );
}

export function StructuredView({ models, tier }: { models: readonly ModelInfo[]; tier: Tier | null }) {
  const [prompt, setPrompt] = useState('Plan three days in Portugal: Lisbon, Sintra and Porto.');
  const { object, status, error, submit, stop, reset } = useStreamingObject({
    client,
    model: pickModel(models, tier),
    schema: TripPlan,
    schemaName: 'trip_plan',
    messages: [{ role: 'system', content: 'You plan short trips. Answer with the trip plan only.' }],
  });
  const busy = status === 'submitted' || status === 'streaming';
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (prompt.trim()) void submit(prompt.trim());
  };

  return (
    <section className="structured" aria-label="Structured output">
      <form className="structured-form" onSubmit={onSubmit}>
        <label htmlFor="structured-prompt">What should the plan be about?</label>
        <textarea
          id="structured-prompt"
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          rows={2}
        />
        <div className="structured-actions">
          {busy ? (
            <button key="stop" type="button" className="btn" onClick={stop}>
              Stop
            </button>
          ) : (
            <button key="plan" type="submit" className="btn primary">
              Plan
            </button>
          )}
          <button type="button" className="btn ghost" onClick={reset} disabled={busy}>
            Clear
          </button>
          <span className="structured-status" data-testid="structured-status">
            {status}
          </span>
        </div>
      </form>

      <article className="structured-card" aria-label="Trip plan" aria-busy={busy}>
        <header>
          <h2 data-testid="field-title-heading">{object?.title ?? 'Trip plan'}</h2>
        </header>
        <dl>
          <Field label="Destination" value={object?.destination} />
          <Field label="Nights" value={object?.nights} />
          <Field
            label="Budget"
            value={
              object?.budget?.amount !== undefined
                ? `${object.budget.amount} ${object.budget.currency ?? ''}`
                : undefined
            }
          />
          <Field label="Summary" value={object?.summary} />
        </dl>
        <ol className="structured-days" aria-label="Days">
          {object?.days?.map((day, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: days only ever grow at the end while streaming
            <li key={index}>
              <strong>
                Day {day?.day ?? index + 1}: {day?.city ?? '…'}
              </strong>
              <ul>
                {day?.activities?.map((activity, n) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: same, activities only grow
                  <li key={n}>{activity}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </article>

      {error && (
        <div className="banner error" role="alert">
          <div className="banner-text">
            <strong>
              {error instanceof ObjectValidationError ? 'The answer does not match the schema' : error.name}
            </strong>
            <span>{error.message}</span>
            {error instanceof ObjectValidationError && (
              <ul className="structured-issues">
                {error.issues.map((issue, n) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
                  <li key={n}>
                    {(issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.') ||
                      '(root)'}
                    : {issue.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
