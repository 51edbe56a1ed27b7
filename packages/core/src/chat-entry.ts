/**
 * The whole chat session store, with what only framework bindings need (the id registry, notification batching).
 *
 * @module \@using-ai/core/chat
 */
// `@using-ai/core/chat`: the whole chat session store, including what only framework bindings need
// (the id registry that shares sessions between components, notification batching). The root export
// keeps the user-facing part: createChatSession and the chat types.
export * from './chat';
