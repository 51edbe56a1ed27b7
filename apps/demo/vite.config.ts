// Imports carry their .ts extension so Vite's native config loader can read this file as is.
import { defineConfig } from 'vite';
import { workspaceAliases } from '../../vitest.shared.ts';
import { createDemoConfig } from './server/demo-config.ts';

// `vite` / `vite preview`: the proxy plugin in front of the embedded emulator, or of the real API when
// USING_AI_KEY is set. `vite build`: the static app only; no key is read into the bundle.
export default defineConfig(({ command }) => createDemoConfig({ command, aliases: workspaceAliases }));
