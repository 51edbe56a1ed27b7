// The Standard Schema interfaces (https://standardschema.dev), written out here rather than imported:
// the spec asks libraries to copy them, and it keeps core free of a dependency for a few type lines.
// zod 4, valibot 1 and arktype 2 all implement StandardSchemaV1; zod ≥ 4.2 and arktype also implement
// StandardJSONSchemaV1, which lets one schema object both validate and describe itself as JSON Schema.

/** A validator following the Standard Schema spec, version 1. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

export declare namespace StandardSchemaV1 {
  /** The properties every Standard Schema has under `~standard`. */
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    /** Validates a value: its output, or the issues found. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  /** What `validate` returns. */
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  /** A valid value, as the schema outputs it. */
  export interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  /** What was wrong with an invalid value. */
  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  /** One problem found in a value. */
  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  /** A path segment given as an object. */
  export interface PathSegment {
    readonly key: PropertyKey;
  }
  /** The input and output types, for inference only. */
  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
  /** The value type a schema accepts. */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<
    Schema['~standard']['types']
  >['input'];
  /** The value type a schema's `validate` produces. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<
    Schema['~standard']['types']
  >['output'];
}

/** The Standard JSON Schema extension: a schema that converts itself to JSON Schema (zod ≥ 4.2, arktype). */
export interface StandardJSONSchemaV1Props {
  readonly jsonSchema: {
    /** The JSON Schema of the values the schema accepts. */
    readonly input: (options: { readonly target: string }) => Record<string, unknown>;
    /** The JSON Schema of the values the schema produces. */
    readonly output: (options: { readonly target: string }) => Record<string, unknown>;
  };
}
