// The machine a bench ran on, read at run time (never typed in): CPU, cores, RAM, OS, runtime versions and the
// load average at the start and end (load.ts samples it through the run).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './node-models';

export interface MachineInfo {
  cpuModel: string;
  /** Logical CPUs the OS reports (what ORT and navigator.hardwareConcurrency see). */
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  chromium: string;
  ortWeb: string;
  /** null: onnxruntime-node is not installed (native column skipped). */
  ortNode: string | null;
  playwright: string;
  /** 1, 5 and 15 minute load averages. */
  loadStart: number[];
  loadEnd?: number[];
  /** CPU flags that set native kernels' speed (AVX2, AVX-512F, FMA), from /proc/cpuinfo. */
  simd: string[];
}

function packageVersion(name: string): string | null {
  const file = join(ROOT, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : null;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  try {
    const pretty = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m);
    if (pretty) return `${pretty[1]} (${osType()} ${release()})`;
  } catch {
    /* not Linux */
  }
  return `${osType()} ${release()}`;
}

function simdFlags(): string[] {
  try {
    const flags = new Set((readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/));
    return ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512_vnni', 'avx_vnni'].filter((f) => flags.has(f));
  } catch {
    return [];
  }
}

export function chromiumVersion(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(chromiumPath: string): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    chromium: chromiumVersion(chromiumPath),
    ortWeb: packageVersion('onnxruntime-web') ?? 'missing',
    ortNode: packageVersion('onnxruntime-node'),
    playwright: packageVersion('playwright-core') ?? 'missing',
    loadStart: loadavg(),
    simd: simdFlags(),
  };
}
