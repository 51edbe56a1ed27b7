// Every refusal the proxy makes itself is a JSON body in the API's own error shape, so clients parse
// proxy errors and upstream errors the same way. A `Reply` is such an answer as plain data: the Fetch
// lane turns it into a Response, the Node lane writes it straight to the socket.
import { type ApiErrorType, createErrorBody } from '@using-ai/core/server';

/** Header names are lower-case. */
export type HeaderRecord = Record<string, string>;

export interface Reply {
  status: number;
  headers: HeaderRecord;
  body: string | null;
}

export function jsonReply(status: number, body: unknown, headers?: HeaderRecord): Reply {
  return {
    status,
    headers: { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

export function errorReply(
  status: number,
  type: ApiErrorType,
  message: string,
  headers?: HeaderRecord,
  param?: string,
): Reply {
  const extra = param === undefined ? undefined : { param };
  return jsonReply(status, createErrorBody(type, message, extra), headers);
}

export function replyResponse(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

export function errorResponse(
  status: number,
  type: ApiErrorType,
  message: string,
  headers?: HeaderRecord,
  param?: string,
): Response {
  return replyResponse(errorReply(status, type, message, headers, param));
}
