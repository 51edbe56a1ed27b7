// Small builders for the handler's responses. Every error uses the API's one shape.
import { type ApiErrorBody, type ApiErrorType, createErrorBody } from '@using-ai/core/server';

export type HeaderMap = Record<string, string>;

export function jsonResponse(status: number, body: unknown, headers: HeaderMap = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export function errorResponse(
  status: number,
  type: ApiErrorType,
  message: string,
  headers: HeaderMap = {},
  extra?: Omit<ApiErrorBody['error'], 'type' | 'message'>,
): Response {
  return jsonResponse(status, createErrorBody(type, message, extra), headers);
}

/** What an overloaded gateway in front of the API returns: HTML, not JSON (the `html_502` fault). */
export function html502Response(headers: HeaderMap = {}): Response {
  const html =
    '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n' +
    '<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';
  return new Response(html, {
    status: 502,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  });
}

/** Copies a response, adding headers (Response headers may be immutable, so build a new one). */
export function withHeaders(response: Response, headers: HeaderMap): Response {
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) {
    if (!merged.has(name)) merged.set(name, value);
  }
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: merged,
  });
}
