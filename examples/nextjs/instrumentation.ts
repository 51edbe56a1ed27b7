// Runs once when the server starts: make the proxy (and, without USING_AI_KEY, start the emulator) now, so
// the first chat does not wait for it and the console says at once where requests go.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getProxy } = await import('./lib/proxy');
  await getProxy();
}
