import type { ToolCallView } from '../lib/message-view';

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

const ICONS: Record<string, string> = { get_weather: '☀', calculate: '∑', get_time: '◷' };

/** One tool call: what the model asked for and what the tool answered (or that it is still running). */
export function ToolCallCard({ call }: { call: ToolCallView }) {
  const state = call.error != null ? 'error' : call.hasResult ? 'done' : 'running';
  return (
    <article className={`tool-card ${state}`} aria-label={`Tool call ${call.name}`} data-state={state}>
      <header>
        <span className="tool-icon" aria-hidden="true">
          {ICONS[call.name] ?? '⚙'}
        </span>
        <code className="tool-name">{call.name}</code>
        <span className={`tool-state ${state}`}>
          {state === 'running' ? 'Running…' : state === 'error' ? 'Failed' : 'Done'}
        </span>
      </header>
      <div className="tool-section">
        <div className="tool-label">Arguments</div>
        <pre className="tool-args">{pretty(call.arguments)}</pre>
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
