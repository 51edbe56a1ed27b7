import type { ChatToolCall } from '@using-ai/core';
import { ToolApproval } from './ToolApproval';

// One line, spaced like `{ "city": "Paris" }`: readable, and short enough to keep cards compact.
function compact(value: unknown): string {
  return (JSON.stringify(value, null, 1) ?? String(value)).replace(/\n\s*/g, ' ');
}

function pretty(json: string): string {
  try {
    return compact(JSON.parse(json));
  } catch {
    return json; // still streaming, or invalid JSON from the model: show it as written
  }
}

function prettyValue(value: unknown): string {
  return typeof value === 'string' ? pretty(value) : compact(value);
}

const LABELS: Record<ChatToolCall['state'], string> = {
  streaming: 'Writing…',
  pending: 'Pending',
  'awaiting-approval': 'Awaiting approval',
  running: 'Running…',
  done: 'Done',
  error: 'Failed',
};

const ICONS: Record<string, string> = { get_weather: '☀', calculate: '∑', get_time: '◷', send_email: '✉' };

/** One tool call: what the model asked for and what the tool answered (or that it is still running). */
export function ToolCallCard({ call }: { call: ChatToolCall }) {
  const state = call.state === 'error' ? 'error' : call.state === 'done' ? 'done' : 'running';
  const name = call.function.name;
  return (
    <article className={`tool-card ${state}`} aria-label={`Tool call ${name}`} data-state={call.state}>
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
      <ToolApproval call={call} />
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
