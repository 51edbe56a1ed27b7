import { defineConfig } from 'vite';
import { workspaceAliases } from '../../vitest.shared';
import { createDemoConfig } from './server/demo-config';

// `vite` / `vite preview`: the proxy plugin in front of the embedded emulator, or of the real API when
// USING_AI_KEY is set. `vite build`: the static app only; no key is read into the bundle.
export default defineConfig(({ command }) => createDemoConfig({ command, aliases: workspaceAliases }));
