/**
 * The local emulator of the API: a Fetch handler, `startMockServer`, faults on demand.
 *
 * @module \@using-ai/mock
 */
export { catalog } from './catalog';
export { FAULTS, type Fault, type InjectOptions, isFault, type PendingFault } from './faults';
export { createMockHandler, type MockHandler } from './handler';
export { defaultKeys } from './keys';
export { type FetchHandler, toNodeListener } from './node-adapter';
export type { MockClock, MockConfig, MockOptions, MockPacing, MockRateLimitOptions } from './options';
export type { RecordedRequest, RequestOutcome } from './request-log';
export type { ScriptedAnswer, ScriptedRateLimit, ScriptedToolCall } from './script';
export { type MockServer, type MockServerOptions, startMockServer } from './server';
export { DEFAULT_TIER_LIMITS, TIER_ORDER, tierAllows } from './tiers';
