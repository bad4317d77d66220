// Quantization techniques (fp16, int8 dynamic, int8 static QDQ, int4 weight-only).
import type { Transform } from './types';
import { fp16Transform } from './fp16/transform';
import { int8DynamicTransform } from './int8-dynamic/transform';
import { int8QdqTransform } from './int8-qdq/transform';
import { int4Transform } from './int4/transform';

export const QUANTIZATION_TRANSFORMS: Transform[] = [
  fp16Transform,
  int8DynamicTransform,
  int8QdqTransform,
  int4Transform,
];
