// Pulls tool arguments out of the user's words: city names, arithmetic expressions, time zones, and a
// generic fallback driven by the tool's JSON schema. Pure and deterministic.
import type { FunctionTool, JsonSchema, JsonValue } from '@using-ai/core';
import { schemaObject } from './json-schema';
import { keywordsOf, topicOf } from './text';

const CITY_TIMEZONES: Readonly<Record<string, string>> = {
  amsterdam: 'Europe/Amsterdam',
  beijing: 'Asia/Shanghai',
  berlin: 'Europe/Berlin',
  cairo: 'Africa/Cairo',
  chicago: 'America/Chicago',
  delhi: 'Asia/Kolkata',
  dubai: 'Asia/Dubai',
  'hong kong': 'Asia/Hong_Kong',
  london: 'Europe/London',
  'los angeles': 'America/Los_Angeles',
  madrid: 'Europe/Madrid',
  'mexico city': 'America/Mexico_City',
  moscow: 'Europe/Moscow',
  mumbai: 'Asia/Kolkata',
  'new york': 'America/New_York',
  paris: 'Europe/Paris',
  rome: 'Europe/Rome',
  'san francisco': 'America/Los_Angeles',
  'sao paulo': 'America/Sao_Paulo',
  seoul: 'Asia/Seoul',
  shanghai: 'Asia/Shanghai',
  singapore: 'Asia/Singapore',
  sydney: 'Australia/Sydney',
  tokyo: 'Asia/Tokyo',
  toronto: 'America/Toronto',
};

/** Place names after "in/for/at/and", e.g. "weather in Paris and New York" → ["Paris", "New York"]. */
export function extractCities(message: string): string[] {
  const found: string[] = [];
  const pattern = /\b(?:in|for|at|and)\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)/g;
  for (const match of message.matchAll(pattern)) {
    const city = match[1];
    if (city && !found.includes(city)) found.push(city);
  }
  if (found.length === 0) {
    // A capitalised word that does not start a sentence: "Is it raining Tokyo?" → "Tokyo".
    for (const match of message.matchAll(/(?<![.?!]\s|^)\b([A-Z][a-z][\w'-]*)/g)) {
      if (match[1] && match[1] !== 'I') found.push(match[1]);
    }
  }
  return found;
}

/** Arithmetic expressions, with spelled-out operators normalised: "12 times 7" → "12 * 7". */
export function extractExpressions(message: string): string[] {
  const normalised = message
    .replace(/×/g, '*')
    .replace(/÷/g, '/')
    .replace(/\bmultiplied by\b|\btimes\b/gi, '*')
    .replace(/\bdivided by\b|\bover\b/gi, '/')
    .replace(/\bplus\b/gi, '+')
    .replace(/\bminus\b/gi, '-')
    .replace(/(\d)\s*x\s*(\d)/g, '$1 * $2');
  const found: string[] = [];
  for (const match of normalised.matchAll(/[-(]*\d[\d\s.+\-*/()^%]*[\d)]/g)) {
    const expression = match[0].trim().replace(/\s+/g, ' ');
    if (/\d\s*[-+*/^%]\s*[-(]*\d/.test(expression)) found.push(expression);
  }
  return found;
}

/** IANA zones named outright ("Europe/Paris", "UTC") or implied by a known city. */
export function extractTimezones(message: string): string[] {
  const found: string[] = [];
  for (const match of message.matchAll(/\b[A-Z][a-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?\b|\b(?:UTC|GMT)\b/g)) {
    found.push(match[0]);
  }
  for (const city of extractCities(message)) {
    const zone = CITY_TIMEZONES[city.toLowerCase()];
    if (zone && !found.includes(zone)) found.push(zone);
  }
  return found;
}

function firstNumber(message: string): number | undefined {
  const match = /-?\d+(?:\.\d+)?/.exec(message);
  return match ? Number(match[0]) : undefined;
}

/** The value a property's name asks for (a city, an expression, a time zone), if its name asks for one. */
export function namedValue(name: string, message: string, index: number): string | undefined {
  const lower = name.toLowerCase();
  if (/city|location|place|town/.test(lower)) {
    const cities = extractCities(message);
    return cities[index] ?? cities[0] ?? 'San Francisco';
  }
  if (/expression|expr|formula|equation/.test(lower)) {
    const expressions = extractExpressions(message);
    return expressions[index] ?? expressions[0] ?? '2 + 2';
  }
  if (/timezone|time_zone|^tz$|zone/.test(lower)) {
    const zones = extractTimezones(message);
    return zones[index] ?? zones[0] ?? 'UTC';
  }
  return undefined;
}

function propertyValue(
  name: string,
  schema: JsonValue | undefined,
  message: string,
  index: number,
): JsonValue {
  const spec = schemaObject(schema);
  if (Array.isArray(spec.enum) && spec.enum.length > 0) return spec.enum[0] ?? null;
  const named = namedValue(name, message, index);
  if (named !== undefined) return named;
  switch (spec.type) {
    case 'number':
    case 'integer':
      return firstNumber(message) ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default: {
      const keywords = keywordsOf(message);
      return keywords.length > 0 ? keywords.join(' ') : topicOf(message);
    }
  }
}

/**
 * Arguments for one call of `tool`: every required property (every property when none is required),
 * filled from the message. `index` picks the second city/expression/zone for a second call.
 */
export function deriveArguments(tool: FunctionTool, message: string, index = 0): Record<string, JsonValue> {
  const parameters: JsonSchema = tool.function.parameters ?? {};
  const properties =
    typeof parameters.properties === 'object' &&
    parameters.properties !== null &&
    !Array.isArray(parameters.properties)
      ? parameters.properties
      : {};
  const required = Array.isArray(parameters.required)
    ? parameters.required.filter((r): r is string => typeof r === 'string')
    : Object.keys(properties);
  const args: Record<string, JsonValue> = {};
  for (const name of required) args[name] = propertyValue(name, properties[name], message, index);
  return args;
}
