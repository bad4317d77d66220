// The scale points the lab and the bench offer: two ladders from a 40 k-parameter toy to the size of the models
// people ship (BERT-base, GPT-2-small), more than three orders of magnitude, plus two shapes that do not fit a
// browser worker's 4 GB heap (shown with their estimate, never built). Small points use small vocabularies, as
// small on-device models do; the named shapes follow their reference models exactly.
import type { Text } from '../i18n-text';
import type { TransformerShape } from './shape';

/** The seed every scale point is built with: a point is the same bytes in every run, on every device. */
export const SCALE_SEED = 20240611;

export interface ScalePreset {
  id: string;
  label: Text;
  shape: TransformerShape;
}

const enc = (layers: number, hidden: number, heads: number, vocab: number, positions: number): TransformerShape =>
  ({ kind: 'encoder', layers, hidden, heads, ffn: 4 * hidden, vocab, positions, sequence: 128 });
const dec = (layers: number, hidden: number, heads: number, vocab: number, positions: number): TransformerShape =>
  ({ kind: 'decoder', layers, hidden, heads, ffn: 4 * hidden, vocab, positions, sequence: 128, decodeTokens: 32 });

const t = (en: string, zh: string): Text => ({ en, zh });

export const ENCODER_PRESETS: ScalePreset[] = [
  { id: 'enc-micro', label: t('micro (2×32)', '微型（2×32）'), shape: enc(2, 32, 2, 256, 128) },
  { id: 'enc-tiny', label: t('tiny (2×64)', '极小（2×64）'), shape: enc(2, 64, 2, 512, 128) },
  { id: 'enc-mini', label: t('mini (4×128)', '迷你（4×128）'), shape: enc(4, 128, 2, 2048, 128) },
  { id: 'enc-small', label: t('small (4×256)', '小（4×256）'), shape: enc(4, 256, 4, 8192, 512) },
  { id: 'enc-minilm', label: t('MiniLM-L6 shape (6×384)', 'MiniLM-L6 形状（6×384）'), shape: enc(6, 384, 12, 30522, 512) },
  { id: 'enc-medium', label: t('BERT-medium shape (8×512)', 'BERT-medium 形状（8×512）'), shape: enc(8, 512, 8, 30522, 512) },
  { id: 'enc-base', label: t('BERT-base shape (12×768)', 'BERT-base 形状（12×768）'), shape: enc(12, 768, 12, 30522, 512) },
  { id: 'enc-large', label: t('BERT-large shape (24×1024)', 'BERT-large 形状（24×1024）'), shape: enc(24, 1024, 16, 30522, 512) },
];

export const DECODER_PRESETS: ScalePreset[] = [
  { id: 'dec-micro', label: t('micro (2×32)', '微型（2×32）'), shape: dec(2, 32, 2, 256, 256) },
  { id: 'dec-tiny', label: t('tiny (2×64)', '极小（2×64）'), shape: dec(2, 64, 2, 512, 256) },
  { id: 'dec-mini', label: t('mini (4×128)', '迷你（4×128）'), shape: dec(4, 128, 2, 2048, 256) },
  { id: 'dec-small', label: t('small (4×256)', '小（4×256）'), shape: dec(4, 256, 4, 8192, 512) },
  { id: 'dec-medium', label: t('medium (8×512)', '中（8×512）'), shape: dec(8, 512, 8, 16384, 1024) },
  { id: 'dec-distil', label: t('DistilGPT2 shape (6×768)', 'DistilGPT2 形状（6×768）'), shape: dec(6, 768, 12, 50257, 1024) },
  { id: 'dec-gpt2', label: t('GPT-2-small shape (12×768)', 'GPT-2-small 形状（12×768）'), shape: dec(12, 768, 12, 50257, 1024) },
  { id: 'dec-gpt2-medium', label: t('GPT-2-medium shape (24×1024)', 'GPT-2-medium 形状（24×1024）'), shape: dec(24, 1024, 16, 50257, 1024) },
];

export const SCALE_PRESETS = [...ENCODER_PRESETS, ...DECODER_PRESETS];

export function scalePreset(id: string): ScalePreset {
  const p = SCALE_PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`Unknown scale point "${id}". Valid: ${SCALE_PRESETS.map((x) => x.id).join(', ')}.`);
  return p;
}
