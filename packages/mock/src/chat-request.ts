// Reads and checks a chat-completion request up to the point where the model may answer it: body size,
// JSON, fields, model existence and the key's tier. Each failure is the API's error response.
import type { ChatCompletionRequest, ModelInfo, Tier } from '@using-ai/core';
import { readBodyLimited } from './read-body';
import { errorResponse, type HeaderMap } from './responses';
import { TIER_LABEL, tierAllows } from './tiers';
import { validateChatRequest } from './validate';

export type ChatRequestResult =
  | { ok: true; chat: ChatCompletionRequest; model: ModelInfo }
  | { ok: false; response: Response };

export function modelNotFound(id: string, headers: HeaderMap): Response {
  return errorResponse(
    404,
    'not_found',
    `The model "${id}" does not exist. GET /v1/models lists the models.`,
    headers,
    {
      param: 'model',
      code: 'model_not_found',
    },
  );
}

export async function readChatRequest(
  request: Request,
  context: {
    maxBodyBytes: number;
    models: ReadonlyMap<string, ModelInfo>;
    tier: Tier;
    headers: HeaderMap;
    /** Receives the parsed JSON body, valid or not (for the request log). */
    onBody?: (body: unknown) => void;
  },
): Promise<ChatRequestResult> {
  const { headers } = context;
  const fail = (response: Response): ChatRequestResult => ({ ok: false, response });

  const body = await readBodyLimited(request, context.maxBodyBytes);
  if (!body.ok) {
    return fail(
      errorResponse(
        413,
        'request_too_large',
        `The request body is larger than ${context.maxBodyBytes} bytes.`,
        headers,
      ),
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch {
    return fail(
      errorResponse(400, 'invalid_request_error', 'The request body is not valid JSON.', headers, {
        param: null,
      }),
    );
  }
  context.onBody?.(parsed);
  const validation = validateChatRequest(parsed);
  if (!validation.ok) {
    return fail(
      errorResponse(400, 'invalid_request_error', validation.error.message, headers, {
        param: validation.error.param,
      }),
    );
  }
  const chat = validation.request;
  const model = context.models.get(chat.model);
  if (!model) return fail(modelNotFound(chat.model, headers));
  if (!tierAllows(context.tier, model.tier)) {
    return fail(
      errorResponse(
        403,
        'tier_forbidden',
        `${model.id} requires the ${TIER_LABEL[model.tier]} tier. Upgrade at using.ai/pricing.`,
        headers,
        { required_tier: model.tier },
      ),
    );
  }
  return { ok: true, chat, model };
}
