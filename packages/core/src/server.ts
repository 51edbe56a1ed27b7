/**
 * What servers that speak the API (the proxy, the emulator, your own endpoints) need to write its error bodies.
 *
 * @module \@using-ai/core/server
 */
// `@using-ai/core/server`: what servers that speak the API (the proxy, the emulator, an app's own
// endpoints) need to write its error bodies. Kept out of the root export, which is the browser client.
export { createErrorBody, isApiErrorBody } from './error-body';
export type { ApiErrorBody, ApiErrorType } from './types';
