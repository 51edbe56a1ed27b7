import { createClient } from '@using-ai/core';

// The browser talks only to our own proxy, mounted by the Vite plugin at /api/using-ai; the key stays on the server.
export const client = createClient({ baseURL: '/api/using-ai' });
