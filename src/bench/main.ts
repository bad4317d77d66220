// The bench page's module (bench.html, not linked from the app and not precached). scripts/bench/run.ts drives it
// with Playwright through window.modellabBench(task); ?cold=<model id> measures a cold start instead.
import { MODELS } from '../models/registry';
import { coldStart } from './cold';
import type { BenchTask, PageInfo } from './protocol';
import { runGemm, runThreads } from './like-for-like';
import { runTask, variantBase64 } from './run-task';
import { runScaleTask } from './scale-task';
import { newLabBridge } from './spawn';

const moduleStartMs = performance.now();

async function info(): Promise<PageInfo> {
  const bridge = newLabBridge();
  try {
    const caps = await bridge.call((api) => api.capabilities());
    return {
      models: MODELS.map((m) => ({ id: m.id, title: m.title.en, task: m.task })),
      crossOriginIsolated: crossOriginIsolated,
      cores: caps.cores,
      webgpu: caps.webgpu,
      userAgent: navigator.userAgent,
    };
  } finally {
    bridge.dispose();
  }
}

window.modellabBench = async (task: BenchTask) => {
  if (task.task === 'info') return info();
  if (task.task === 'run') return runTask(task);
  if (task.task === 'variant') return variantBase64(task.model, task.recipe);
  if (task.task === 'threads') return runThreads(task);
  if (task.task === 'gemm') return runGemm(task);
  if (task.task === 'scale') return runScaleTask(task);
  throw new Error(`Unknown bench task ${JSON.stringify(task)}`);
};

const cold = new URLSearchParams(location.search).get('cold');
if (cold) window.modellabBenchCold = coldStart(cold, moduleStartMs);

document.getElementById('status')!.textContent = cold ? `cold start: ${cold}` : 'ready';
