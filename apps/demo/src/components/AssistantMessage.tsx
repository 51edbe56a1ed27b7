import { messageStatus } from '../lib/message-status';
import type { StoredMessage } from '../lib/message-view';
import { Markdown } from './Markdown';
import { ReasoningPanel } from './ReasoningPanel';
import { ToolCallCard } from './ToolCallCard';
import { UsageLine } from './UsageLine';

interface AssistantMessageProps {
  message: StoredMessage;
  /** This message is the one currently receiving tokens. */
  streaming: boolean;
}

export function AssistantMessage({ message, streaming }: AssistantMessageProps) {
  const status = messageStatus(message, streaming);
  const hasText = message.content.length > 0;
  return (
    <article
      className={`msg assistant ${status}`}
      aria-label="Assistant message"
      data-role="assistant"
      data-status={status}
    >
      <div className="avatar" aria-hidden="true">
        AI
      </div>
      <div className="msg-body">
        {message.reasoning && <ReasoningPanel text={message.reasoning} thinking={streaming && !hasText} />}
        {message.toolCalls.map((call) => (
          <ToolCallCard key={call.id} call={call} />
        ))}
        {hasText && <Markdown text={message.content} streaming={streaming} />}
        {streaming && !hasText && message.toolCalls.length === 0 && !message.reasoning && (
          <span className="caret standalone" aria-hidden="true" />
        )}
        {streaming && <span className="sr-only">Answer is streaming</span>}
        <footer className="msg-foot">
          {status === 'stopped' && <span className="tag">Stopped</span>}
          {status === 'interrupted' && <span className="tag warn">Interrupted</span>}
          {message.finishReason === 'length' && <span className="tag">Cut at max tokens</span>}
          {message.usage && <UsageLine usage={message.usage} label="Answer usage" />}
        </footer>
      </div>
    </article>
  );
}
