// ORT's raw error strings (collected from the fuzz test and the browser) and the sentences users get instead.
import { describe, expect, it } from 'vitest';
import { explainOrtError, ortDetail } from '../../../src/workers/ort-errors';

const LOAD = "Can't create a session. ERROR_CODE: 1, ERROR_MESSAGE: ";
const RUN = 'failed to call OrtRun(). ERROR_CODE: 1, ERROR_MESSAGE: ';

const CASES: [string, RegExp][] = [
  [`${LOAD.replace('1,', '6,')}No Op registered for Matul with domain_version of 17`, /^This model uses an operator named "Matul" \(opset 17\) that onnxruntime-web does not know/],
  [`${LOAD}Fatal error: com.example:Relu(-1) is not a registered function/op`, /^This model uses the operator "Relu" from the domain "com\.example"/],
  [`${LOAD.replace('1,', '6,')}No opset import for domain 'com.example'`, /domain "com\.example" without declaring its operator set/],
  [`${LOAD}/mnt/azure_nvme_temp/_work/1/s/onnxruntime/core/graph/model.cc:203 onnxruntime::Model::Model(ModelProto &&, const PathString &, const IOnnxRuntimeOpSchemaRegistryList *, const logging::Logger &, const ModelOptions &) Unsupported model IR version: 99, max supported IR version: 13`, /^This model's ONNX IR version \(99\) is newer than onnxruntime-web supports \(up to 13\)/],
  [`${LOAD}/mnt/azure_nvme_temp/_work/1/s/onnxruntime/core/graph/model_load_utils.h:56 void onnxruntime::model_load_utils::ValidateOpsetForDomain(const std::unordered_map<std::string, int> &, const logging::Logger &, bool, const std::string &, int) ONNX Runtime only *guarantees* support for models stamped with official released onnx opset versions. Opset 999 is under development and support for this is limited.`, /^This model uses operator set 999, which is not a released ONNX opset/],
  [`${LOAD.replace('1,', '7,')}Failed to load model because protobuf parsing failed.`, /^onnxruntime-web could not parse this file as an ONNX model: it is damaged/],
  [`${LOAD.replace('1,', '10,')}This is an invalid model. Type Error: Type 'tensor(bool)' of input parameter (X) of operator (MatMul) in node (matmul) is invalid.`, /^onnxruntime-web could not load this model: Type Error: Type 'tensor\(bool\)' of input parameter \(X\).*\. Check that the file/],
  [`${LOAD}Error: Duplicate definition-site for (X).`, /^onnxruntime-web could not load this model: Duplicate definition-site for \(X\)\. Check/],
  [`${RUN}Non-zero status code returned while running MatMul node. Name:'matmul' Status Message: matmul_helper.h:41 Compute left_num_dims and right_num_dims must be >= 1`, /^Running the model failed at its MatMul node "matmul": left_num_dims and right_num_dims must be >= 1\. The model may be invalid/],
  [`${RUN}/mnt/azure_nvme_temp/_work/1/s/onnxruntime/core/providers/cpu/math/gemm_helper.h:17 onnxruntime::GemmHelper::GemmHelper(const TensorShape &, bool, const TensorShape &, bool, const TensorShape &) left.NumDimensions() == 2 || left.NumDimensions() == 1 was false. \n`, /^Running the model failed in onnxruntime-web: left\.NumDimensions\(\) == 2 \|\| left\.NumDimensions\(\) == 1 was false\.$/],
  [`${RUN}std::bad_alloc`, /^Ran out of memory on WASM/],
  [`${RUN}Integer overflow`, /^This model asks for a tensor too large for WASM to address/],
  ['Aborted(). Build with -sASSERTIONS for more info.', /^onnxruntime-web stopped with an internal error while running this model on WASM/],
  ['RuntimeError: unreachable', /^onnxruntime-web stopped with an internal error/],
];

describe('explainOrtError', () => {
  for (const [raw, clear] of CASES) {
    it(`explains: ${raw.slice(raw.indexOf('MESSAGE:') + 9 || 0).slice(0, 60)}`, () => {
      const e = explainOrtError(new Error(raw), 'wasm');
      expect(e.message).toMatch(clear);
      expect(e.message).not.toMatch(/ERROR_CODE|ERROR_MESSAGE|\.cc:\d|\.h:\d|onnxruntime::|Aborted\(/);
    });
  }

  it('says loading or running from ORT\'s own wrapper, whatever the caller guessed', () => {
    expect(explainOrtError(new Error('Aborted()'), 'wasm', 'load').message).toMatch(/while loading/);
    expect(explainOrtError(new Error(`${LOAD}Aborted()`), 'wasm').message).toMatch(/while loading/);
  });

  it('leaves errors that did not come from ORT as they are', () => {
    const own = new Error('Input X has type string; ModelLab can only generate float inputs.');
    expect(explainOrtError(own, 'wasm')).toBe(own);
  });

  it('keeps only the cause in ORT\'s text', () => {
    expect(ortDetail(`${LOAD}/a/b/graph.cc:1509 void onnxruntime::Graph::Init() initializer_arg was false`)).toBe('initializer_arg was false.');
  });
});
