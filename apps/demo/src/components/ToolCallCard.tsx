import type { ChatToolCall } from '@using-ai/core';

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

function prettyValue(value: unknown): string {
  if (typeof value === 'string') return pretty(value);
  return JSON.stringify(value, null, 2) ?? String(value);
}

const LABELS: Record<ChatToolCall['state'], string> = {
  streaming: 'Writing…',
  pending: 'Pending',
  running: 'Running…',
  done: 'Done',
  error: 'Failed',
};

const ICONS: Record<string, string> = { get_weather: '☀', calculate: '∑', get_time: '◷' };

/** One tool call: what the model asked for and what the tool answered (or that it is still running). */
export function ToolCallCard({ call }: { call: ChatToolCall }) {
  const state = call.state === 'error' ? 'error' : call.state === 'done' ? 'done' : 'running';
  const name = call.function.name;
  return (
    <article className={`tool-card ${state}`} aria-label={`Tool call ${name}`} data-state={state}>
      <header>
        <span className="tool-icon" aria-hidden="true">
          {ICONS[name] ?? '⚙'}
        </span>
        <code className="tool-name">{name}</code>
        <span className={`tool-state ${state}`}>{LABELS[call.state]}</span>
      </header>
      <div className="tool-section">
        <div className="tool-label">Arguments</div>
        <pre className="tool-args">{pretty(call.function.arguments)}</pre>
      </div>
      {state !== 'running' && (
        <div className="tool-section">
          <div className="tool-label">{state === 'error' ? 'Error' : 'Result'}</div>
          <pre className="tool-result">
            {state === 'error' ? String(call.error) : prettyValue(call.result)}
          </pre>
        </div>
      )}
    </article>
  );
}
