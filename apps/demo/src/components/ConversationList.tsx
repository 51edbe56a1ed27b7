interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
}

interface ConversationListProps {
  conversations: readonly ConversationSummary[];
  activeId: string;
  onSelect: (id: string) => void;
  onDelete: (id: string) => void;
  onNew: () => void;
}

export function ConversationList({
  conversations,
  activeId,
  onSelect,
  onDelete,
  onNew,
}: ConversationListProps) {
  return (
    <nav className="conversations" aria-label="Conversations">
      <button type="button" className="btn primary new-chat" onClick={onNew}>
        <span aria-hidden="true">+</span> New chat
      </button>
      <ul>
        {conversations.map((c) => (
          <li key={c.id} className={c.id === activeId ? 'active' : undefined}>
            <button
              type="button"
              className="conv"
              aria-current={c.id === activeId ? 'page' : undefined}
              onClick={() => onSelect(c.id)}
            >
              {c.title}
            </button>
            <button
              type="button"
              className="icon-btn conv-delete"
              aria-label={`Delete conversation: ${c.title}`}
              onClick={() => onDelete(c.id)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
