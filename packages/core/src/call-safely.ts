/**
 * Calls an app's callback (a listener, `onFinish`, `onRetry`...). If it throws, the error is reported like an
 * event handler's (`reportError` where the runtime has it, else rethrown on a task of its own), and the stream
 * or chat that called it goes on: promises such as `send()`'s, documented never to reject, do not reject.
 */
export function callSafely<A extends unknown[]>(
  callback: ((...args: A) => void) | undefined,
  ...args: A
): void {
  try {
    callback?.(...args);
  } catch (error) {
    if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
    else
      setTimeout(() => {
        throw error;
      });
  }
}
