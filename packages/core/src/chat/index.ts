export { createChatSession } from './chat-session';
export type { Notifier } from './notify-scheduler';
export { createNotifier, frameScheduler, schedulerFor } from './notify-scheduler';
export type * from './persistence-types';
export { type AcquireOptions, acquireChatSession, findChatSession } from './registry';
export type * from './types';
