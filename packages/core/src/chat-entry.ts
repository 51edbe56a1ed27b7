// `@using-ai/core/chat`: the whole chat session store, including what only framework bindings need
// (the id registry that shares sessions between components, notification batching). The root export
// keeps the user-facing part: createChatSession and the chat types.
export * from './chat';
