import { it } from 'vitest';
import { applyRecipe } from '../../src/engine/pipeline';
import { TRANSFORMS } from '../../src/engine/transforms';
import { decodeModel } from '../../src/engine/onnx';
import { ortRunner } from './transforms/helpers/ort';
import { loadRealModel } from './transforms/helpers/real-models';
it('dbg', async () => {
  for (const id of ['digits-cnn', 'langid-50']) {
    const m = await loadRealModel(id);
    const original = decodeModel(m.bytes);
    for (const t of TRANSFORMS) {
      const plain = await applyRecipe(m.bytes, [{ transform: t.meta.id }], { calibration: [m.feeds(16)], runner: ortRunner });
      const changed = [...new Set(plain.steps[0].layers.filter((l) => l.action === 'changed').map((l) => l.node))].filter((n) => original.graph!.node.some((x) => x.name === n));
      console.log('EXC', id, t.meta.id, changed.length, plain.steps[0].warnings.map(w=>w.en).join(' | ').slice(0,150));
    }
  }
}, 120000);
