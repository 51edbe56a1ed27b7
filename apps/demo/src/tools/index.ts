// The demo's three tools, in the shape useStreamingChat takes: name -> description, JSON-schema parameters
// and `execute`. All deterministic for the same input (get_time: for the same instant).
import { evaluate } from './calculator';
import { sendEmail } from './email';
import { stringArg } from './parse-args';
import { getTime } from './time';
import { getWeather } from './weather';

export const demoTools = {
  get_weather: {
    description: 'Current weather for a city (demo data: the same city always gets the same report).',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name, e.g. Paris' } },
      required: ['city'],
      additionalProperties: false,
    },
    execute: async (args: unknown) => getWeather(stringArg(args, 'city')),
  },
  calculate: {
    description:
      'Evaluates an arithmetic expression: + - * / % ^, parentheses, sqrt, abs, sin, cos, ln, log, pi, e.',
    parameters: {
      type: 'object',
      properties: { expression: { type: 'string', description: 'e.g. (12 + 30) * 2' } },
      required: ['expression'],
      additionalProperties: false,
    },
    execute: async (args: unknown) => {
      const expression = stringArg(args, 'expression');
      return { expression, result: evaluate(expression) };
    },
  },
  get_time: {
    description: 'The current local time in an IANA timezone such as Europe/Paris.',
    parameters: {
      type: 'object',
      properties: { timezone: { type: 'string', description: 'IANA timezone, e.g. Asia/Tokyo' } },
      required: ['timezone'],
      additionalProperties: false,
    },
    execute: async (args: unknown) => getTime(stringArg(args, 'timezone')),
  },
  send_email: sendEmail,
};
