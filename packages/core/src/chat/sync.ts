// `sync: true`: one chat in every tab of the origin over a BroadcastChannel. The tab that sends runs the
// request (one request per send) and posts what changed once per publish (a frame while streaming);
// the others apply it and forward stop/regenerate/edit/selectBranch to that tab while it runs.
import type { Connect, FeatureContext, SessionMethods } from './feature';
import type { ChatSessionMessage, ChatStatus } from './types';

type Forwarded = 'stop' | 'regenerate' | 'edit' | 'selectBranch';

type SyncMessage =
  | {
      type: 'state';
      from: string;
      /** Messages new or changed since the last post (all of them in reply to `hello`). */
      messages: ChatSessionMessage[];
      activeId: string | null;
      status: ChatStatus;
      error: { status: number | null; type: string; message: string } | null;
      /** The sender runs the request. */
      running: boolean;
    }
  | { type: 'hello' | 'bye'; from: string }
  | { type: 'call'; from: string; name: Forwarded; args: unknown[] };

export function connectSync(ctx: FeatureContext, methods: SessionMethods): Connect {
  const { store, loop } = ctx;
  const tab = Math.random().toString(36).slice(2);
  /** Message objects the other tabs have (sent or received): what is not here is posted. */
  let known = new WeakSet<ChatSessionMessage>();
  let sent: unknown[] = [];
  let runner: string | null = null;
  let applying = false;
  /** The tab whose state, last applied, was an error. */
  let failedTab: string | null = null;
  let channel: BroadcastChannel | null = null;
  ctx.remoteBusy = () => runner !== null;
  const local = { ...methods };

  function post(message: SyncMessage) {
    try {
      channel?.postMessage(message);
    } catch {
      // A send option that cannot be cloned (a Headers object): the other tabs miss this one post.
    }
  }

  function postState(all: boolean) {
    const { state } = store;
    // Still reading its persistence: this tab has nothing to tell yet (and 'loading' is its own affair).
    if (applying || state.loading) return;
    const messages = store.tree.all().filter((m) => all || !known.has(m));
    const activeId = state.messages[state.messages.length - 1]?.id ?? null;
    // The branch shown is news too (selectBranch changes it with no new message).
    const now = [state.status, state.error, loop.running, activeId];
    if (!all && !messages.length && now.every((value, i) => value === sent[i])) return;
    for (const m of messages) known.add(m);
    sent = now;
    const { error } = state;
    post({
      type: 'state',
      from: tab,
      messages,
      activeId,
      status: state.status,
      error: error && { status: error.status, type: error.type, message: error.message },
      running: loop.running,
    });
  }

  function apply(message: Extract<SyncMessage, { type: 'state' }>) {
    failedTab = message.status === 'error' ? message.from : null;
    if (message.running) runner = message.from;
    else if (runner === message.from) runner = null;
    // This tab runs the request: it is the one that knows.
    if (loop.running) return;
    store.tree.put(message.messages);
    const { error } = message;
    // The set may publish at once (no throttle): what is applied here is not news to post back.
    applying = true;
    store.set(
      {
        messages: message.activeId ? store.tree.pathTo(message.activeId) : [],
        status: message.status,
        error: error && ctx.toError(error),
        retry: null,
      },
      false,
    );
    applying = false;
    for (const m of store.tree.all()) known.add(m);
    const { state } = store;
    sent = [state.status, state.error, loop.running, message.activeId];
  }

  /**
   * The tab that ran the request is gone: its answer ends here, cut off. A tab being unloaded has its
   * fetch aborted before `pagehide` (Chromium), so its last word may be an error that is only that.
   */
  function release() {
    runner = null;
    const { status, messages } = store.state;
    if (status !== 'submitted' && status !== 'streaming' && status !== 'waiting' && status !== 'error')
      return;
    const last = messages[messages.length - 1];
    store.set({
      status: 'idle',
      error: null,
      ...(last?.role === 'assistant' &&
        !last.finishReason && { messages: [...messages.slice(0, -1), { ...last, incomplete: true }] }),
    });
  }

  function forward<K extends Forwarded>(name: K, result: unknown) {
    return ((...args: unknown[]) => {
      if (!runner) return (local[name] as (...a: unknown[]) => unknown)(...args);
      post({ type: 'call', from: tab, name, args });
      return result;
    }) as SessionMethods[K];
  }
  methods.stop = forward('stop', undefined);
  methods.regenerate = forward('regenerate', Promise.resolve(true));
  methods.edit = forward('edit', Promise.resolve(true));
  methods.selectBranch = forward('selectBranch', true);

  store.beforePublish(() => postState(false));

  return () => {
    channel = new BroadcastChannel(`using-ai:chat:${ctx.id}`);
    channel.onmessage = ({ data }: MessageEvent<SyncMessage>) => {
      if (data.type === 'state') apply(data);
      else if (data.type === 'hello') {
        // Only the tab that runs, or one not following another, answers: two answers would disagree.
        if (loop.running || (!runner && store.state.messages.length)) postState(true);
      } else if (data.type === 'bye') {
        if (runner === data.from || failedTab === data.from) release();
      } else if (data.type === 'call' && loop.running)
        (local[data.name] as (...a: unknown[]) => unknown)(...data.args);
    };
    known = new WeakSet();
    post({ type: 'hello', from: tab });
    const bye = () => post({ type: 'bye', from: tab });
    const target = typeof window === 'undefined' ? undefined : window;
    target?.addEventListener('pagehide', bye);
    return () => {
      target?.removeEventListener('pagehide', bye);
      bye();
      channel?.close();
      channel = null;
    };
  };
}
