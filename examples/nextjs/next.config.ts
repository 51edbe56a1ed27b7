import type { NextConfig } from 'next';

const config: NextConfig = {
  // Server code loads these from node_modules as is (they use node:http) instead of bundling them.
  serverExternalPackages: ['@using-ai/proxy', '@using-ai/mock'],
  // `next dev` would otherwise write an AGENTS.md into the example.
  agentRules: false,
  experimental: { agentUpgrade: false },
};

export default config;
