// The 50 classes of lande's t50 network, in the order of its output neurons (ISO 639-3 codes, as lande
// returns them). The eval set's labels are these codes; LANGID_NAMES is what people read in the UI.
import type { Text } from '../../engine/i18n-text';

export const LANGID_LABELS = [
  'afr', 'ara', 'aze', 'bel', 'ben', 'bul', 'cat', 'ces', 'ckb', 'cmn',
  'dan', 'deu', 'ell', 'eng', 'est', 'eus', 'fin', 'fra', 'hau', 'heb',
  'hin', 'hrv', 'hun', 'hye', 'ind', 'isl', 'ita', 'jpn', 'kat', 'kaz',
  'kor', 'lit', 'mar', 'mkd', 'nld', 'nob', 'pes', 'pol', 'por', 'ron',
  'run', 'rus', 'slk', 'spa', 'srp', 'swe', 'tgl', 'tur', 'ukr', 'vie',
] as const;

export type LangIdLabel = (typeof LANGID_LABELS)[number];

export const LANGID_NAMES: Record<LangIdLabel, Text> = {
  afr: { en: 'Afrikaans', zh: '南非荷兰语' },
  ara: { en: 'Arabic', zh: '阿拉伯语' },
  aze: { en: 'Azerbaijani', zh: '阿塞拜疆语' },
  bel: { en: 'Belarusian', zh: '白俄罗斯语' },
  ben: { en: 'Bengali', zh: '孟加拉语' },
  bul: { en: 'Bulgarian', zh: '保加利亚语' },
  cat: { en: 'Catalan', zh: '加泰罗尼亚语' },
  ces: { en: 'Czech', zh: '捷克语' },
  ckb: { en: 'Central Kurdish (Sorani)', zh: '中库尔德语（索拉尼语）' },
  cmn: { en: 'Chinese (Mandarin)', zh: '中文（普通话）' },
  dan: { en: 'Danish', zh: '丹麦语' },
  deu: { en: 'German', zh: '德语' },
  ell: { en: 'Greek', zh: '希腊语' },
  eng: { en: 'English', zh: '英语' },
  est: { en: 'Estonian', zh: '爱沙尼亚语' },
  eus: { en: 'Basque', zh: '巴斯克语' },
  fin: { en: 'Finnish', zh: '芬兰语' },
  fra: { en: 'French', zh: '法语' },
  hau: { en: 'Hausa', zh: '豪萨语' },
  heb: { en: 'Hebrew', zh: '希伯来语' },
  hin: { en: 'Hindi', zh: '印地语' },
  hrv: { en: 'Croatian', zh: '克罗地亚语' },
  hun: { en: 'Hungarian', zh: '匈牙利语' },
  hye: { en: 'Armenian', zh: '亚美尼亚语' },
  ind: { en: 'Indonesian', zh: '印度尼西亚语' },
  isl: { en: 'Icelandic', zh: '冰岛语' },
  ita: { en: 'Italian', zh: '意大利语' },
  jpn: { en: 'Japanese', zh: '日语' },
  kat: { en: 'Georgian', zh: '格鲁吉亚语' },
  kaz: { en: 'Kazakh', zh: '哈萨克语' },
  kor: { en: 'Korean', zh: '韩语' },
  lit: { en: 'Lithuanian', zh: '立陶宛语' },
  mar: { en: 'Marathi', zh: '马拉地语' },
  mkd: { en: 'Macedonian', zh: '马其顿语' },
  nld: { en: 'Dutch', zh: '荷兰语' },
  nob: { en: 'Norwegian (Bokmål)', zh: '挪威语（书面挪威语）' },
  pes: { en: 'Persian (Farsi)', zh: '波斯语' },
  pol: { en: 'Polish', zh: '波兰语' },
  por: { en: 'Portuguese', zh: '葡萄牙语' },
  ron: { en: 'Romanian', zh: '罗马尼亚语' },
  run: { en: 'Kirundi', zh: '基隆迪语' },
  rus: { en: 'Russian', zh: '俄语' },
  slk: { en: 'Slovak', zh: '斯洛伐克语' },
  spa: { en: 'Spanish', zh: '西班牙语' },
  srp: { en: 'Serbian', zh: '塞尔维亚语' },
  swe: { en: 'Swedish', zh: '瑞典语' },
  tgl: { en: 'Tagalog', zh: '他加禄语' },
  tur: { en: 'Turkish', zh: '土耳其语' },
  ukr: { en: 'Ukrainian', zh: '乌克兰语' },
  vie: { en: 'Vietnamese', zh: '越南语' },
};

export function isLangIdLabel(code: string): code is LangIdLabel {
  return (LANGID_LABELS as readonly string[]).includes(code);
}
