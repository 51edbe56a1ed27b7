export { createChatSession } from './chat-session';
export type { Notifier } from './notify-scheduler';
export { createNotifier, frameScheduler, schedulerFor } from './notify-scheduler';
export { acquireChatSession } from './registry';
export type * from './types';
