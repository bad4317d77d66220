// Errors about a user's sample files or input shapes, in both UI languages: the message is English (for logs and
// workers), `text` is what the page shows in the user's language.
import type { Text } from '../i18n-text';

export class SampleError extends Error {
  override name = 'SampleError';
  constructor(readonly text: Text) {
    super(text.en);
  }
}

export const fail = (en: string, zh: string): never => {
  throw new SampleError({ en, zh });
};
