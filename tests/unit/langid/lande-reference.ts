// The original lande package as a test reference. Its package exports only the `lande()` function, so its
// internals (normaliser, n-gram counter, n-gram list, language list) are loaded from its files directly.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Ngram = { frequency: number };
type Groups = Record<'unigrams' | 'bigrams' | 'trigrams' | 'quadgrams', string[]>;

const landeDir = dirname(createRequire(import.meta.url).resolve('lande'));
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(landeDir, file)).href)) as T;

const utils = await load<{ getNormalized(s: string): string; getNgrams(s: string, n: number): Record<string, Ngram> }>('utils.js');
export const landeNgrams = (await load<{ default: Groups }>('t50-ngrams.js')).default;
export const landeLangs = (await load<{ default: string[] }>('t50-langs.js')).default;
export { default as lande } from 'lande';
export const landeNormalize = utils.getNormalized;

/** The network input exactly as lande's `infer` builds it (same expressions, same order). */
export function landeFeatures(text: string): Float32Array {
  const norm = utils.getNormalized(text);
  const [g1, g2, g3, g4] = [1, 2, 3, 4].map((n) => utils.getNgrams(norm, n));
  return new Float32Array([
    ...landeNgrams.unigrams.map((v) => g1[v]?.frequency || 0),
    ...landeNgrams.bigrams.map((v) => g2[v]?.frequency || 0),
    ...landeNgrams.trigrams.map((v) => g3[v]?.frequency || 0),
    ...landeNgrams.quadgrams.map((v) => g4[v]?.frequency || 0),
  ]);
}
