import { ReactQueryDevtools } from '@tanstack/react-query-devtools';
import { useCallback, useEffect, useState } from 'react';
import { ConversationList } from './components/ConversationList';
import { DevPanel } from './components/DevPanel';
import { RateLimitMeter } from './components/RateLimitMeter';
import { useChatHistory } from './lib/chat-history';
import { useDemoState, useModels } from './lib/queries';
import { defaultModel, tierLabel } from './lib/tiers';
import { ChatView } from './views/ChatView';
import { OneShotView } from './views/OneShotView';
import { StructuredView } from './views/StructuredView';

type View = 'chat' | 'oneshot' | 'structured';

const HASHES: Record<View, string> = { chat: '#/', oneshot: '#/one-shot', structured: '#/structured' };

const viewFromHash = (): View =>
  window.location.hash === '#/one-shot'
    ? 'oneshot'
    : window.location.hash === '#/structured'
      ? 'structured'
      : 'chat';

export function App() {
  const [view, setView] = useState<View>(viewFromHash);
  // Open beside the chat on wide screens; on phones it would cover the conversation.
  const [devOpen, setDevOpen] = useState(() => window.matchMedia('(min-width: 901px)').matches);
  const [navOpen, setNavOpen] = useState(false);
  const [learnedLocks, setLearnedLocks] = useState<ReadonlySet<string>>(() => new Set());
  const models = useModels();
  const demo = useDemoState();
  const tier = demo.data?.tier ?? null;
  // Until the demo state says which tier the key has, the picker would show every model unlocked and
  // then lock some: it waits for both.
  const catalog = demo.isPending ? [] : (models.data ?? []);
  const fallbackModel = defaultModel(catalog, tier);
  const conversations = useChatHistory();
  const active = conversations.active;

  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Below 901 px the developer panel overlays the page like the conversation drawer: one at a time.
  const overlaid = () => window.matchMedia('(max-width: 900px)').matches;
  const toggleNav = () => {
    if (!navOpen && overlaid()) setDevOpen(false);
    setNavOpen(!navOpen);
  };
  const toggleDev = () => {
    if (!devOpen && overlaid()) setNavOpen(false);
    setDevOpen(!devOpen);
  };

  const go = (next: View) => {
    window.location.hash = HASHES[next];
    setView(next);
  };

  const onTierForbidden = useCallback(
    (model: string) => setLearnedLocks((locks) => (locks.has(model) ? locks : new Set([...locks, model]))),
    [],
  );
  const activeId = active.id;
  const { setModel } = conversations;
  const onModelChange = useCallback((model: string) => setModel(activeId, model), [activeId, setModel]);

  const emulator = demo.data?.mode === 'emulator';

  return (
    <div className={`app${emulator && devOpen ? ' with-dev' : ''}`}>
      <header className="topbar">
        {view === 'chat' && (
          <button
            type="button"
            className="icon-btn menu-btn"
            aria-label="Conversations"
            aria-expanded={navOpen}
            onClick={toggleNav}
          >
            ☰
          </button>
        )}
        <div className="brand">
          <span className="logo" aria-hidden="true">
            u
          </span>
          <span className="brand-name">using.ai</span>
          <span className="brand-sub">demo</span>
        </div>
        <div className="tabs" role="tablist" aria-label="View">
          <button type="button" role="tab" aria-selected={view === 'chat'} onClick={() => go('chat')}>
            Chat
          </button>
          <button type="button" role="tab" aria-selected={view === 'oneshot'} onClick={() => go('oneshot')}>
            One-shot
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={view === 'structured'}
            onClick={() => go('structured')}
          >
            Structured
          </button>
        </div>
        <div className="spacer" />
        {tier && (
          <span className="tier-pill" title="Tier of the key the server-side proxy uses">
            {tierLabel(tier)} key
          </span>
        )}
        <RateLimitMeter tier={tier} />
        {emulator && (
          <button
            type="button"
            className="btn ghost small dev-toggle"
            aria-expanded={devOpen}
            onClick={toggleDev}
          >
            Developer
          </button>
        )}
      </header>

      <div className="layout">
        {view === 'chat' && (
          <div className={`sidebar${navOpen ? ' open' : ''}`}>
            <ConversationList
              conversations={conversations.conversations}
              activeId={active.id}
              onNew={() => {
                conversations.create(active.model ?? fallbackModel);
                setNavOpen(false);
              }}
              onSelect={(id) => {
                conversations.select(id);
                setNavOpen(false);
              }}
              onDelete={(id) => conversations.remove(id)}
            />
            {import.meta.env.DEV && (
              <div className="devtools-slot">
                <ReactQueryDevtools buttonPosition="relative" />
              </div>
            )}
          </div>
        )}
        <main className="main">
          {models.error && (
            <div className="banner error" role="alert">
              <div className="banner-text">
                <strong>Could not load models</strong>
                <span>{models.error.message}</span>
              </div>
            </div>
          )}
          {view === 'chat' ? (
            <ChatView
              key={active.id}
              conversationId={active.id}
              model={active.model ?? fallbackModel}
              pinned={active.model !== null}
              models={catalog}
              tier={tier}
              learnedLocks={learnedLocks}
              onModelChange={onModelChange}
              onTierForbidden={onTierForbidden}
            />
          ) : view === 'structured' ? (
            <StructuredView models={catalog} tier={tier} />
          ) : (
            <OneShotView models={catalog} tier={tier} />
          )}
        </main>
        {emulator && devOpen && demo.data && <DevPanel state={demo.data} onClose={() => setDevOpen(false)} />}
      </div>
    </div>
  );
}
