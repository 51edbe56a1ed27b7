/** Thrown by createProxy (and the adapters) at start-up when the options cannot work. */
export class ProxyConfigError extends Error {
  override name = 'ProxyConfigError';
}
