export type * from './types';
export type * from './client-types';
export { createErrorBody, isApiErrorBody } from './error-body';
