// User-facing text that the engine and model data carry, in the two languages the UI offers.
export interface Text {
  en: string;
  zh: string;
}
