// Pruning and factorization techniques (unstructured, structured, low-rank).
import { lowRank } from './low-rank/transform';
import { pruneStructured } from './prune-structured/transform';
import { pruneUnstructured } from './prune-unstructured/transform';
import type { Transform } from './types';

export const PRUNING_TRANSFORMS: Transform[] = [pruneUnstructured, pruneStructured, lowRank];
