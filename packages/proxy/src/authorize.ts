// Turns whatever the app's `authorize` returned into one decision the handler can act on.
import type { AuthorizeResult } from './options';

export type AuthDecision =
  | { allow: true; clientId: string | null }
  | { allow: false; response: Response | null };

export function readAuthorizeResult(result: AuthorizeResult): AuthDecision {
  if (result instanceof Response) return { allow: false, response: result };
  if (result === true) return { allow: true, clientId: null };
  if (typeof result === 'string' && result !== '') return { allow: true, clientId: result };
  if (
    typeof result === 'object' &&
    result !== null &&
    typeof result.clientId === 'string' &&
    result.clientId !== ''
  ) {
    return { allow: true, clientId: result.clientId };
  }
  return { allow: false, response: null };
}
