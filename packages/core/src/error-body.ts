import type { ApiErrorBody, ApiErrorType } from './types';

/** Builds the API's error body, `{"error":{"type","message"}}`, used by the proxy and the emulator alike. */
export function createErrorBody(
  type: ApiErrorType,
  message: string,
  extra?: Omit<ApiErrorBody['error'], 'type' | 'message'>,
): ApiErrorBody {
  return { error: { type, message, ...extra } };
}

/** True when `value` has the API's error shape (used to read bodies that may be anything). */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string' &&
    typeof (error as { type?: unknown }).type === 'string'
  );
}
