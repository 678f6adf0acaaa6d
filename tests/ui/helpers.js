// Test helpers: fixtures are real outputs of the CLI (`cailiang … --json`), so the view logic is
// tested on the payloads the app receives.
import { readFileSync } from 'node:fs';

export function fixture(name) {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

/** A deterministic random source (LCG) for shuffles. */
export function seeded(seed = 1) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
