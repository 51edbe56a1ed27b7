import { createClient } from '@using-ai/core';

// The browser talks only to our own proxy, mounted by the Vite plugin at /api/using-ai; the key stays on the server.
// A stream silent for 10 s (the emulator's "stall" fault, a hung upstream) fails as interrupted instead of
// spinning forever; the partial answer is kept.
export const client = createClient({ baseURL: '/api/using-ai', idleTimeoutMs: 10_000, timeoutMs: 60_000 });
