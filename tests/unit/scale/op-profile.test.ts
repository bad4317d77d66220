// Parsing onnxruntime-web's profiler trace into per-operator times, on a trace written the way ORT prints it
// (a JSON array, one event per line): only kernels inside the chosen runs count, per run.
import { describe, expect, it } from 'vitest';
import { opTimes } from '../../../src/runtime/op-profile';

const run = (ts: number, dur: number) => `{"cat" : "Session","pid" :42,"tid" :1,"dur" :${dur},"ts" :${ts},"ph" : "X","name" :"model_run","args" : {}},`;
const kernel = (name: string, op: string, ts: number, dur: number) => `{"cat" : "Node","pid" :42,"tid" :1,"dur" :${dur},"ts" :${ts},"ph" : "X","name" :"${name}_kernel_time","args" : {"op_name" : "${op}","provider" : "CPUExecutionProvider"}},`;
const trace = [
  '[',
  '{"cat" : "Session","pid" :42,"tid" :1,"dur" :500,"ts" :0,"ph" : "X","name" :"session_initialization","args" : {}},',
  // run 0 (warm-up): slow, must not count
  kernel('mm', 'MatMul', 1010, 9000), kernel('ln', 'LayerNormalization', 10100, 900), run(1000, 10100),
  // runs 1 and 2
  kernel('mm', 'MatMul', 20010, 3000), kernel('ln', 'LayerNormalization', 23100, 1000), run(20000, 4200),
  kernel('mm', 'MatMul', 30010, 5000), kernel('ln', 'LayerNormalization', 35100, 1000), kernel('mm2', 'MatMul', 36200, 0), run(30000, 6300),
  '{"cat" : "Session","pid" :42,"tid" :1,"dur" :10,"ts" :40000,"ph" : "X","name" :"profiling_end","args" : {}}',
  ']',
];

describe('opTimes', () => {
  it('sums kernel time per operator over the chosen runs, per run, with shares', () => {
    expect(opTimes(trace, { from: 1, count: 2 })).toEqual([
      { op: 'MatMul', ms: 4, share: 0.8, kernels: 1.5 },
      { op: 'LayerNormalization', ms: 1, share: 0.2, kernels: 1 },
    ]);
    expect(opTimes(trace, { from: 0, count: 1 })[0]).toMatchObject({ op: 'MatMul', ms: 9 });
  });

  it('gives nothing for no trace or no such runs', () => {
    expect(opTimes([], { from: 0, count: 1 })).toEqual([]);
    expect(opTimes(trace, { from: 5, count: 2 })).toEqual([]);
  });
});
