// Which core client the hooks use: the one passed to the hook, else the provider's, else a default
// client for the default proxy mount (`/api/using-ai`). React never sees a URL or a header itself.
import { type ClientOptions, createClient, type UsingAiClient } from '@using-ai/core';
import { createContext, type ReactNode, useContext, useRef } from 'react';

const UsingAiContext = createContext<UsingAiClient | null>(null);

/** Pass a `client`, or client options (as props, or as one `options` object) for the provider to create one. */
export interface UsingAiProviderProps extends ClientOptions {
  /** A client made with `createClient`; takes precedence over any client options. */
  client?: UsingAiClient;
  /** Options for the client the provider creates, once, when no `client` is given. Merged over option props. */
  options?: ClientOptions;
  children?: ReactNode;
}

/** Gives every hook below it one client (hence one shared rate-limit state). */
export function UsingAiProvider({ client, options, children, ...clientOptions }: UsingAiProviderProps) {
  // Made the first time it is needed (not only on the first render): a `client` prop that goes away later
  // falls back to the provider's own client, not to the hooks' default one.
  const own = useRef<UsingAiClient | null>(null);
  if (!client) own.current ??= createClient({ ...clientOptions, ...options });
  return <UsingAiContext.Provider value={client ?? own.current}>{children}</UsingAiContext.Provider>;
}

let defaultClient: UsingAiClient | null = null;

/** The client a hook should use: `client` if given, else the nearest provider's, else a default one. */
export function useUsingAiClient(client?: UsingAiClient): UsingAiClient {
  const provided = useContext(UsingAiContext);
  if (client) return client;
  if (provided) return provided;
  defaultClient ??= createClient();
  return defaultClient;
}
