// A feature's UI strings in both languages, kept beside each other in one file per feature (photo OCR, scale lab,
// recovery, ...) so features grow without editing one shared dictionary. `zh` must have exactly `en`'s keys.
export function defineMessages<K extends string>(messages: { en: Record<K, string>; zh: Record<NoInfer<K>, string> }) {
  return messages;
}
