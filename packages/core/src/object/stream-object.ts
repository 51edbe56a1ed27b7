// streamObject: a chat stream asked for JSON (`response_format: json_schema`), read by the incremental
// parser as it arrives, validated once complete. Built on client.stream(), so errors, retries and rate
// limits are the stream's own.
import { callSafely } from '../call-safely';
import type { AssistantMessage, RequestOptions, UsingAiClient } from '../client-types';
import { StreamInterruptedError } from '../errors';
import type { ChatCompletionRequest, RateLimitInfo } from '../types';
import { type InferObject, type ObjectSchema, resolveObjectSchema } from './object-schema';
import { ObjectValidationError } from './object-validation-error';
import { createPartialJsonParser } from './partial-json';
import type { StandardSchemaV1 } from './standard-schema';

/** `T` with every property optional, at every depth: what an object looks like while its JSON streams. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A chat request whose answer is an object of `schema` (`response_format` is set from it). */
export interface StreamObjectRequest<S extends ObjectSchema<unknown> = ObjectSchema<unknown>>
  extends Omit<ChatCompletionRequest, 'response_format' | 'stream'> {
  schema: S;
  /** `response_format.json_schema.name`. Default `"object"`. */
  schemaName?: string;
  /** `response_format.json_schema.description`. */
  schemaDescription?: string;
  /** `response_format.json_schema.strict`. Unset by default. */
  strict?: boolean;
}

/** An object streaming in. Starts at once; like a ChatStream it may be read late (`.partial`, `.final()`). */
export interface ObjectStream<T> extends AsyncIterable<DeepPartial<T>> {
  /** The object parsed so far; only ever grows (see the README). `undefined` before its first `{`. */
  readonly partial: DeepPartial<T> | undefined;
  /** The raw JSON text received so far. */
  readonly text: string;
  /** The underlying assistant message (usage, finish reason, id) accumulated so far. */
  readonly message: AssistantMessage;
  readonly rateLimit: RateLimitInfo | null;
  readonly status: number | null;
  /**
   * The validated object (the validator's output). Rejects with ObjectValidationError (not JSON, or fails
   * the schema), StreamInterruptedError (the JSON never closed, the stream broke, or `abort()`: type
   * `aborted`; `partialObject` holds the partial object) or any error `client.stream()` gives.
   */
  final(): Promise<T>;
  /** Stops the request; `final()` then rejects (see above). */
  abort(): void;
  /** Called with each new partial object. Returns an unsubscribe function. */
  subscribe(listener: (partial: DeepPartial<T>) => void): () => void;
}

function issuePath(issue: StandardSchemaV1.Issue): string {
  const keys = (issue.path ?? []).map((segment) =>
    typeof segment === 'object' ? String(segment.key) : String(segment),
  );
  return keys.length ? ` (at ${keys.join('.')})` : '';
}

/**
 * Streams an object of `request.schema` from the model: `.partial` fills in as the JSON arrives, `.final()`
 * resolves to the validated object. Iterating yields each new partial (the latest, if the reader is slow).
 */
export function streamObject<S extends ObjectSchema<unknown>>(
  client: UsingAiClient,
  request: StreamObjectRequest<S>,
  options?: RequestOptions,
): ObjectStream<InferObject<S>> {
  type T = InferObject<S>;
  const { schema, schemaName, schemaDescription, strict, ...rest } = request;
  const { jsonSchema, validate } = resolveObjectSchema(schema);
  const stream = client.stream(
    {
      ...rest,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: schemaName ?? 'object',
          schema: jsonSchema,
          ...(schemaDescription !== undefined && { description: schemaDescription }),
          ...(strict !== undefined && { strict }),
        },
      },
    },
    options,
  );
  const parser = createPartialJsonParser();
  const listeners = new Set<(partial: DeepPartial<T>) => void>();
  const waiting: Array<() => void> = [];
  let read = 0;
  let syntaxError: SyntaxError | undefined;
  let partial: DeepPartial<T> | undefined;
  /** Bumped with every new partial; iterators compare it with the last one they gave out. */
  let version = 0;
  let ended = false;
  let failure: unknown;

  const wake = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  function update() {
    const next = parser.partial as DeepPartial<T> | undefined;
    if (next === partial || next === undefined) return;
    partial = next;
    version++;
    // A listener's bug must not end the stream for everyone else.
    for (const listener of [...listeners]) callSafely(listener, next);
    wake();
  }

  stream.subscribe((message) => {
    if (syntaxError || message.content.length === read) return;
    const piece = message.content.slice(read);
    read = message.content.length;
    try {
      parser.push(piece);
    } catch (error) {
      // What came before the broken character still shows.
      syntaxError = error as SyntaxError;
    }
    update();
  });

  const context = () => ({ status: stream.status, rateLimit: stream.rateLimit });
  const notJson = (error: SyntaxError) =>
    new ObjectValidationError({
      ...context(),
      message: `The answer is not JSON: ${error.message}`,
      issues: [{ message: error.message }],
      text: stream.current.content,
      value: undefined,
    });

  async function finish(): Promise<T> {
    let message: AssistantMessage;
    try {
      message = await stream.final();
    } catch (error) {
      if (error instanceof StreamInterruptedError) Object.assign(error, { partialObject: partial });
      throw error;
    }
    if (message.finishReason === 'aborted') {
      throw new StreamInterruptedError({
        ...context(),
        type: 'aborted',
        message: 'The object stream was aborted',
        partial: message,
        partialObject: partial,
      });
    }
    if (syntaxError) throw notJson(syntaxError);
    let complete: boolean;
    try {
      complete = parser.end();
    } catch (error) {
      throw notJson(error as SyntaxError);
    }
    update();
    if (!complete) {
      throw new StreamInterruptedError({
        ...context(),
        type: 'stream_interrupted',
        message:
          message.finishReason === 'length'
            ? 'The answer reached its token limit before its JSON closed'
            : 'The answer ended before its JSON closed',
        partial: message,
        partialObject: partial,
      });
    }
    const value = parser.partial;
    if (!validate) return value as T;
    const result = await validate(value);
    if (result.issues) {
      const first = result.issues[0];
      throw new ObjectValidationError({
        ...context(),
        message: `The answer does not match the schema: ${first ? first.message + issuePath(first) : 'invalid'}`,
        issues: result.issues,
        text: message.content,
        value,
      });
    }
    return result.value as T;
  }

  const done = finish().then(
    (value) => {
      ended = true;
      wake();
      return value;
    },
    (error: unknown) => {
      ended = true;
      failure = error;
      wake();
      throw failure;
    },
  );
  // `.final()` is optional; a failure nobody asked for must not surface as an unhandled rejection.
  done.catch(() => {});

  return {
    get partial() {
      return partial;
    },
    get text() {
      return stream.current.content;
    },
    get message() {
      return stream.current;
    },
    get rateLimit() {
      return stream.rateLimit;
    },
    get status() {
      return stream.status;
    },
    final: () => done,
    abort: () => stream.abort(),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    [Symbol.asyncIterator]() {
      let seen = 0;
      const next = (): Promise<IteratorResult<DeepPartial<T>, undefined>> => {
        if (version > seen && partial !== undefined) {
          seen = version;
          return Promise.resolve({ value: partial, done: false });
        }
        if (ended)
          return failure ? Promise.reject(failure) : Promise.resolve({ value: undefined, done: true });
        return new Promise<void>((resolve) => waiting.push(resolve)).then(next);
      };
      return { next };
    },
  };
}
