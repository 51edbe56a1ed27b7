// The messages of a chat-completion request (OpenAI-compatible wire shapes), one concept of ./types.

/** A text part of a multi-part message `content`. */
export interface TextContentPart {
  type: 'text';
  text: string;
}

/** An image part of a user message `content`: a URL or a `data:` URL. */
export interface ImageContentPart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

/** One part of a multi-part message `content`. */
export type ContentPart = TextContentPart | ImageContentPart;

/** Instructions for the model, sent before the conversation. */
export interface SystemMessage {
  role: 'system';
  content: string | TextContentPart[];
  name?: string;
}

/** Older OpenAI clients send `developer` for system prompts; the API treats it as `system`. */
export interface DeveloperMessage {
  role: 'developer';
  content: string | TextContentPart[];
  name?: string;
}

/** What the user said: text, or text and image parts. */
export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
  name?: string;
}

/** A call to one of the request's tools, as the model made it. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: {
    name: string;
    /** JSON text, exactly as the model produced it (may be invalid JSON). */
    arguments: string;
  };
}

/** An earlier answer of the model, sent back as part of the conversation. */
export interface AssistantRequestMessage {
  role: 'assistant';
  /** May be left out (or null) when the message carries `tool_calls`, as in the OpenAI API. */
  content?: string | null;
  name?: string;
  tool_calls?: ToolCall[];
  /** Some providers echo reasoning back; the API ignores it on input. */
  reasoning_content?: string | null;
}

/** A tool's result, answering the assistant's tool call `tool_call_id`. */
export interface ToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | TextContentPart[];
}

/** Any message of a request's `messages`. */
export type ChatMessage =
  | SystemMessage
  | DeveloperMessage
  | UserMessage
  | AssistantRequestMessage
  | ToolMessage;
/** The `role` of a message: `system`, `developer`, `user`, `assistant` or `tool`. */
export type ChatRole = ChatMessage['role'];
