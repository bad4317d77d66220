// Sentiment Transformer adapter, built from a tokenizer.json: inputs `input_ids` and `attention_mask` int64
// [N, L] (right-padded, L <= 64), output `logits` float32 [N, 2] for ['negative', 'positive']. Kept apart from
// adapter.ts (which bundles the committed tokenizer) so the trainer can build one before that file exists.
import { decodeClassifier } from '../classifier-decode';
import type { LabelledSample, ModelAdapter } from '../types';
import { SentimentTokenizer } from './tokenize';

export const SENTIMENT_LABELS = ['negative', 'positive'];

export class EmptyTextError extends Error {
  override name = 'EmptyTextError';
}

export interface SentimentAdapter extends ModelAdapter<string> {
  tokenizer: SentimentTokenizer;
}

/** Reads models/sentiment/eval.json: [{ text, label: 'negative' | 'positive' }]. */
export function parseSentimentEvalSet(bytes: Uint8Array): LabelledSample<string>[] {
  return parseSentimentRows(bytes, 'eval');
}

/** Reads models/sentiment/train.json (the training split, same format as the eval set). */
export function parseSentimentTrainSet(bytes: Uint8Array): LabelledSample<string>[] {
  return parseSentimentRows(bytes, 'training');
}

function parseSentimentRows(bytes: Uint8Array, what: 'eval' | 'training'): LabelledSample<string>[] {
  let rows: unknown;
  try {
    rows = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`The sentiment ${what} set is not valid JSON (${(e as Error).message}).`);
  }
  if (!Array.isArray(rows)) throw new Error(`The sentiment ${what} set must be a JSON array of { text, label } objects.`);
  return rows.map((row: unknown, i) => {
    const r = row as { text?: unknown; label?: unknown };
    if (typeof r?.text !== 'string' || !r.text.trim()) throw new Error(`Sentiment ${what} sample ${i} has no text.`);
    if (typeof r.label !== 'string' || !SENTIMENT_LABELS.includes(r.label)) {
      throw new Error(`Sentiment ${what} sample ${i} has label ${JSON.stringify(r.label)}; expected one of ${SENTIMENT_LABELS.join(', ')}.`);
    }
    return { input: r.text, label: r.label };
  });
}

export function createSentimentAdapter(json: object): SentimentAdapter {
  const tokenizer = new SentimentTokenizer(json);
  return {
    tokenizer,
    metric: 'accuracy',
    batchSize: 32,
    toFeeds(inputs) {
      if (!inputs.length) throw new EmptyTextError('No sentences to classify.');
      const empty = inputs.findIndex((t) => !t.trim());
      if (empty >= 0) {
        throw new EmptyTextError(inputs.length === 1
          ? 'Type a sentence first: the text is empty.'
          : `Sentence ${empty + 1} of ${inputs.length} is empty: type some text or remove it.`);
      }
      const batch = tokenizer.encodeBatch(inputs);
      const dims = [batch.count, batch.length];
      return {
        input_ids: { type: 'int64', dims, data: batch.inputIds },
        attention_mask: { type: 'int64', dims, data: batch.attentionMask },
      };
    },
    decode: (outputs, count) => decodeClassifier(outputs, count, SENTIMENT_LABELS, 2),
    parseEvalSet: parseSentimentEvalSet,
    parseTrainSet: parseSentimentTrainSet,
  };
}
