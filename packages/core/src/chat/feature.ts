// What an opt-in feature of the session (persistence, sync, queue, branches...) gets to work with.
// Features are files that plug into the store and wrap commands; chat-session.ts only wires them.
import type { UsingAiError, UsingAiErrorInit } from '../errors';
import type { AgentLoop } from './agent-loop';
import type { ChatStore } from './store';
import type { ChatSession, ChatSessionOptions } from './types';

export interface FeatureContext {
  readonly id: string;
  readonly store: ChatStore;
  readonly loop: AgentLoop;
  options(): ChatSessionOptions;
  /** Whether a send now would be refused: loading, a run here or in another tab, tools outstanding. */
  busy(): boolean;
  /** A UsingAiError from its fields (another tab's error), without features importing the classes. */
  toError(init: UsingAiErrorInit): UsingAiError;
  /** Set by sync: another tab runs this chat's request. */
  remoteBusy: () => boolean;
}

/** Connected at the first subscribe; the returned function disconnects at the last unsubscribe. */
export type Connect = () => () => void;

/** A session method a feature may wrap. */
export type SessionMethods = Omit<ChatSession, 'id' | 'client' | 'getSnapshot' | 'getInitialSnapshot'>;
