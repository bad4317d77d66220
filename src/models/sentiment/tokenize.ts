// App-side tokenisation for the sentiment model: the project's tokenizer.json run by @huggingface/tokenizers
// (pure JS, no DOM: runs in a worker), plus the truncation and padding rules that library leaves to the caller.
// The trainer imports this same module, so the model was trained on exactly these ids.
import { Tokenizer } from '@huggingface/tokenizers';

/** Longest input in tokens, [CLS] and [SEP] included (the model's position table has this many rows). */
export const MAX_TOKENS = 64;

export interface TokenizedBatch {
  /** [count, length] row-major, right-padded with [PAD]. */
  inputIds: BigInt64Array;
  /** 1 for real tokens, 0 for padding. */
  attentionMask: BigInt64Array;
  count: number;
  length: number;
}

export class SentimentTokenizer {
  private readonly tokenizer: Tokenizer;
  readonly padId: number;
  readonly unkId: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly vocabSize: number;

  constructor(json: object, readonly maxTokens = MAX_TOKENS) {
    this.tokenizer = new Tokenizer(json, { clean_up_tokenization_spaces: true });
    const id = (t: string) => {
      const v = this.tokenizer.token_to_id(t);
      if (v === undefined) throw new Error(`The sentiment tokenizer has no ${t} token: tokenizer.json is not the one the model was trained with.`);
      return v;
    };
    this.padId = id('[PAD]');
    this.unkId = id('[UNK]');
    this.clsId = id('[CLS]');
    this.sepId = id('[SEP]');
    this.vocabSize = this.tokenizer.get_vocab(true).size;
    if (maxTokens < 2) throw new Error(`maxTokens must leave room for [CLS] and [SEP] (got ${maxTokens}).`);
  }

  /**
   * [CLS] pieces… [SEP]. Longer inputs keep their first maxTokens-2 pieces and still end in [SEP], as the
   * Rust/Python library does with the `truncation` block of tokenizer.json.
   */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    return ids.length <= this.maxTokens ? ids : [...ids.slice(0, this.maxTokens - 1), this.sepId];
  }

  /** The pieces, without [CLS]/[SEP] and without truncation (for showing how a sentence was split). */
  tokens(text: string): string[] {
    return this.tokenizer.tokenize(text);
  }

  /** Ids back to text, special tokens dropped; gives the normalised (lowercased, accent-free) text. */
  decode(ids: readonly number[]): string {
    if (!ids.length) return '';
    return this.tokenizer.decode([...ids], { skip_special_tokens: true });
  }

  /** Pads to the longest sentence of the batch (or `padTo`, for a fixed shape). */
  encodeBatch(texts: readonly string[], padTo?: number): TokenizedBatch {
    const rows = texts.map((t) => this.encode(t));
    const longest = Math.max(2, ...rows.map((r) => r.length));
    const length = padTo ?? longest;
    if (length < longest) throw new Error(`padTo ${length} is shorter than the longest encoded sentence (${longest} tokens).`);
    if (length > this.maxTokens) throw new Error(`padTo ${length} exceeds the model's ${this.maxTokens} positions.`);
    const inputIds = new BigInt64Array(texts.length * length).fill(BigInt(this.padId));
    const attentionMask = new BigInt64Array(texts.length * length);
    rows.forEach((ids, r) => {
      ids.forEach((v, t) => {
        inputIds[r * length + t] = BigInt(v);
        attentionMask[r * length + t] = 1n;
      });
    });
    return { inputIds, attentionMask, count: texts.length, length };
  }
}
