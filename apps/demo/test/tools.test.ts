import { describe, expect, it } from 'vitest';
import { demoTools } from '../src/tools';
import { getTime } from '../src/tools/time';
import { getWeather } from '../src/tools/weather';

describe('demo tools', () => {
  it('weather is deterministic per city and differs between cities', () => {
    expect(getWeather('Paris')).toEqual(getWeather('  paris '.trim().replace('p', 'P')));
    expect(getWeather('Paris')).toEqual(getWeather('Paris'));
    const cities = ['Paris', 'Tokyo', 'Lima', 'Oslo', 'Cairo'].map((c) => getWeather(c).temperatureC);
    expect(new Set(cities).size).toBeGreaterThan(1);
    expect(() => getWeather('  ')).toThrow('city is required');
  });

  it('time is deterministic for an instant and honours the zone', () => {
    const instant = new Date('2026-01-15T12:00:00Z');
    expect(getTime('Asia/Tokyo', instant)).toEqual({
      timezone: 'Asia/Tokyo',
      localTime: '2026-01-15 21:00:00',
      utcOffset: 'GMT+9',
    });
    expect(getTime('Europe/Paris', instant).localTime).toBe('2026-01-15 13:00:00');
    expect(() => getTime('Mars/Olympus', instant)).toThrow('Unknown timezone');
  });

  it('tools take the arguments the model sends and reject missing ones', async () => {
    await expect(demoTools.calculate.execute({ expression: '6 * 7' })).resolves.toEqual({
      expression: '6 * 7',
      result: 42,
    });
    await expect(demoTools.get_weather.execute({ town: 'Paris' })).rejects.toThrow(
      'Missing string argument "city"',
    );
    await expect(demoTools.get_time.execute(null)).rejects.toThrow('"timezone"');
  });
});
