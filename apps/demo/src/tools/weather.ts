// Fake but deterministic weather: the same city always gets the same report, so demos and tests agree.
const CONDITIONS = [
  'sunny',
  'partly cloudy',
  'cloudy',
  'light rain',
  'showers',
  'windy',
  'foggy',
  'snow',
] as const;

export interface WeatherReport {
  city: string;
  temperatureC: number;
  condition: (typeof CONDITIONS)[number];
  humidity: number;
  windKph: number;
}

function hash(text: string): number {
  // FNV-1a: tiny, stable across runtimes.
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function getWeather(city: string): WeatherReport {
  const name = city.trim();
  if (!name) throw new Error('city is required');
  const h = hash(name.toLowerCase());
  const condition = CONDITIONS[h % CONDITIONS.length]!;
  const temperatureC = condition === 'snow' ? -((h >>> 3) % 8) : ((h >>> 3) % 30) + 2;
  return {
    city: name,
    temperatureC,
    condition,
    humidity: 30 + ((h >>> 8) % 60),
    windKph: (h >>> 16) % 40,
  };
}
