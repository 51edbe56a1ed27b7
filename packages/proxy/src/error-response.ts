// Every refusal the proxy makes itself is a JSON body in the API's own error shape, so clients parse
// proxy errors and upstream errors the same way.
import { type ApiErrorType, createErrorBody } from '@using-ai/core';

export function jsonResponse(status: number, body: unknown, headers?: HeadersInit): Response {
  const result = new Response(JSON.stringify(body), { status, headers });
  result.headers.set('content-type', 'application/json');
  result.headers.set('cache-control', 'no-store');
  return result;
}

export function errorResponse(
  status: number,
  type: ApiErrorType,
  message: string,
  headers?: HeadersInit,
  param?: string,
): Response {
  const extra = param === undefined ? undefined : { param };
  return jsonResponse(status, createErrorBody(type, message, extra), headers);
}
