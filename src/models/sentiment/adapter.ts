// The sentiment model's registry adapter, with the tokenizer the committed model was trained with. The JSON is
// bundled into this lazily loaded chunk (see entry.ts loadAdapter), so it stays out of the first page load.
import tokenizerJson from '../../../models/sentiment/tokenizer.json';
import { createSentimentAdapter, type SentimentAdapter } from './create-adapter';

export { createSentimentAdapter, EmptyTextError, parseSentimentEvalSet, SENTIMENT_LABELS, type SentimentAdapter } from './create-adapter';

export const sentimentAdapter: SentimentAdapter = createSentimentAdapter(tokenizerJson);
