// What a text model's answer is worth for this input: the sentiment model only knows English, and language ID on a
// word or two guesses with high confidence and little sense ("hello" -> Finnish, 99%). Pure, so tests and the
// input panel agree; the panel shows a warning next to the text box, the prediction still runs.
import type { InputChecks } from './types';

export type InputProblem = 'not-english' | 'too-short';

export function inputProblems(checks: InputChecks | undefined, text: string): InputProblem[] {
  if (!checks) return [];
  const letters = [...text.matchAll(/\p{L}/gu)].length;
  const latin = [...text.matchAll(/\p{Script=Latin}/gu)].length;
  const problems: InputProblem[] = [];
  // Mostly letters of another script: the English-only model sees unknown tokens, not words.
  if (checks.englishOnly && letters > 0 && latin / letters < 0.7) problems.push('not-english');
  if (checks.minLetters !== undefined && letters > 0 && letters < checks.minLetters) problems.push('too-short');
  return problems;
}
