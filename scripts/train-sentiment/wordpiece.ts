// Builds the project's own WordPiece vocabulary from the training sentences and writes it as a Hugging Face
// `tokenizer.json` (BERT-style: BertNormalizer lowercase, BertPreTokenizer, WordPiece "##" pieces, [CLS] x [SEP]).
// The vocabulary is learnt the way Hugging Face's WordPieceTrainer does it: byte-pair-style merges over words
// split into a first character and "##" continuation characters, most frequent pair first.
import { BertNormalizer, BertPreTokenizer } from '@huggingface/tokenizers';

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] as const;
const NORMALIZER = { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true } as const;
const PREFIX = '##';

export interface VocabOptions {
  /** Including the 4 special tokens. */
  vocabSize: number;
  /** A merge must be seen at least this often (weighted by word counts). */
  minFrequency: number;
}

/** Word counts after the tokenizer's own normaliser and pre-tokeniser (so training sees what encoding sees). */
export function countWords(texts: readonly string[]): Map<string, number> {
  const normalizer = new BertNormalizer({ ...NORMALIZER, strip_accents: undefined });
  const pre = new BertPreTokenizer();
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of pre.pre_tokenize_text(normalizer.normalize(text))) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** The vocabulary in id order: specials, single characters (sorted), then merged pieces in merge order. */
export function trainWordPiece(texts: readonly string[], opt: VocabOptions): string[] {
  // Sorted words so the result cannot depend on Map insertion order.
  const words = [...countWords(texts)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const alphabet = new Set<string>();
  for (const [w] of words) [...w].forEach((c, i) => alphabet.add(i === 0 ? c : PREFIX + c));
  const vocab: string[] = [...SPECIAL_TOKENS, ...[...alphabet].sort()];
  const id = new Map(vocab.map((t, i) => [t, i]));
  const seqs = words.map(([w]) => [...w].map((c, i) => id.get(i === 0 ? c : PREFIX + c)!));
  const freq = words.map(([, n]) => n);

  // Pair counts and, per pair, the words holding it: a merge then only revisits those words.
  const key = (a: number, b: number) => a * 65536 + b;
  const pairCount = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const visit = (w: number, sign: 1 | -1) => {
    const s = seqs[w];
    for (let i = 0; i + 1 < s.length; i++) {
      const k = key(s[i], s[i + 1]);
      pairCount.set(k, (pairCount.get(k) ?? 0) + sign * freq[w]);
      if (sign > 0) (where.get(k) ?? where.set(k, new Set()).get(k)!).add(w);
    }
  };
  seqs.forEach((_, w) => visit(w, 1));

  while (vocab.length < opt.vocabSize) {
    let best = -1, bestCount = 0;
    for (const [k, c] of pairCount) if (c > bestCount || (c === bestCount && c > 0 && k < best)) { best = k; bestCount = c; }
    if (best < 0 || bestCount < opt.minFrequency) break;
    const a = Math.floor(best / 65536), b = best % 65536;
    const merged = vocab[a] + vocab[b].slice(PREFIX.length);
    let newId = id.get(merged);
    if (newId === undefined) {
      newId = vocab.length;
      vocab.push(merged);
      id.set(merged, newId);
    }
    for (const w of [...(where.get(best) ?? [])].sort((x, y) => x - y)) {
      visit(w, -1);
      const s = seqs[w], out: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) { out.push(newId); i++; } else out.push(s[i]);
      }
      seqs[w] = out;
      visit(w, 1);
    }
    pairCount.delete(best);
    where.delete(best);
  }
  return vocab;
}

/** A `tokenizer.json` that @huggingface/tokenizers (JS) and tokenizers (Rust/Python) both load. */
export function tokenizerJson(vocab: readonly string[], maxTokens: number): object {
  const idOf = (t: string) => vocab.indexOf(t);
  const special = (t: string) => ({ id: idOf(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tok = (t: string) => ({ SpecialToken: { id: t, type_id: 0 } });
  return {
    version: '1.0',
    // Read by the Rust/Python library; the JS library ignores these two, and tokenize.ts applies the same rules.
    truncation: { direction: 'Right', max_length: maxTokens, strategy: 'LongestFirst', stride: 0 },
    padding: { strategy: 'BatchLongest', direction: 'Right', pad_to_multiple_of: null, pad_id: idOf('[PAD]'), pad_type_id: 0, pad_token: '[PAD]' },
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: NORMALIZER,
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [tok('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, tok('[SEP]')],
      pair: [tok('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, tok('[SEP]'), { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [idOf(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: PREFIX, cleanup: true },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: PREFIX, max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}
