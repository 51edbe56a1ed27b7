let counter = 0;

/**
 * A message id unique within the page. Not `crypto.randomUUID`: that is missing outside secure
 * contexts (a dev server opened by LAN address), where chats must work too.
 */
export function createId(): string {
  counter += 1;
  return `m${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
