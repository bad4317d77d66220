// Seeded generator of malformed model files for the fuzz test: byte-level damage (truncation, bit flips, spliced or
// random bytes), files that are not ONNX at all, and structurally broken graphs (see structural-mutators.ts).
// The same seed always gives the same mutants, so a failure names a mutant that can be rebuilt and debugged.
import { readFileSync } from 'node:fs';
import { gzipSync, zipSync } from 'fflate';
import { tinyModelBytes } from '../fixtures/tiny-model';
import { structuralMutants } from './structural-mutators';
import { int, mulberry32, pick, type Rand } from './random';

export type MutationKind =
  | 'truncate' | 'bit-flip' | 'splice' | 'random-bytes' | 'not-onnx'
  | 'bad-dims' | 'size-mismatch' | 'external-data' | 'wrong-type' | 'unknown-op' | 'cycle' | 'missing-input'
  | 'duplicate-name' | 'node-order' | 'bad-attribute' | 'bad-opset' | 'bad-io';

export interface Mutant {
  kind: MutationKind;
  /** What was done, precise enough to rebuild it (base model, offsets, values). */
  label: string;
  bytes: Uint8Array;
}

export interface BaseModel {
  name: string;
  bytes: Uint8Array;
}

export function baseModels(): BaseModel[] {
  return [
    // Copies into plain Uint8Arrays: in Node, encodeModel gives a Buffer, whose slice() shares memory instead of copying.
    { name: 'tiny', bytes: new Uint8Array(tinyModelBytes()) },
    { name: 'digits', bytes: new Uint8Array(readFileSync('models/digits/model.onnx')) },
    { name: 'langid', bytes: new Uint8Array(readFileSync('models/langid/model.onnx')) },
  ];
}

function truncations(bases: BaseModel[], rand: Rand): Mutant[] {
  const out: Mutant[] = [];
  const [tiny, ...large] = bases;
  // Every 3 bytes of the small model: every field boundary and every half-written varint gets its turn.
  for (let n = 0; n < tiny.bytes.length; n += 3) out.push({ kind: 'truncate', label: `${tiny.name}[0..${n})`, bytes: tiny.bytes.slice(0, n) });
  for (const base of large) {
    for (let i = 0; i < 30; i++) {
      const n = int(rand, base.bytes.length);
      out.push({ kind: 'truncate', label: `${base.name}[0..${n})`, bytes: base.bytes.slice(0, n) });
    }
  }
  return out;
}

function bitFlips(bases: BaseModel[], rand: Rand, count: number): Mutant[] {
  return Array.from({ length: count }, (_, i) => {
    const base = bases[i % 5 < 3 ? 0 : i % 5 === 3 ? 1 : 2]; // mostly the small model: its structure is most of its bytes
    const bytes = base.bytes.slice();
    const flips = 1 + int(rand, 4);
    const where: number[] = [];
    for (let k = 0; k < flips; k++) {
      const bit = int(rand, bytes.length * 8);
      bytes[bit >> 3] ^= 1 << (bit & 7);
      where.push(bit);
    }
    return { kind: 'bit-flip', label: `${base.name} bits ${where.join(',')}`, bytes };
  });
}

function splices(bases: BaseModel[], rand: Rand, count: number): Mutant[] {
  return Array.from({ length: count }, (_, i) => {
    const base = bases[i % 4 === 3 ? 1 : 0];
    const at = int(rand, base.bytes.length);
    const len = 1 + int(rand, 24);
    const junk = Uint8Array.from({ length: len }, () => int(rand, 256));
    const mode = pick(rand, ['overwrite', 'insert', 'delete', 'duplicate'] as const);
    const head = base.bytes.subarray(0, at);
    const tail = base.bytes.subarray(mode === 'insert' ? at : Math.min(base.bytes.length, at + len));
    const middle = mode === 'delete' ? [] : mode === 'duplicate' ? base.bytes.subarray(Math.max(0, at - len), at) : junk;
    return { kind: 'splice', label: `${base.name} ${mode} ${len} bytes at ${at}`, bytes: Uint8Array.from([...head, ...middle, ...tail]) };
  });
}

function randomFiles(rand: Rand, count: number): Mutant[] {
  return Array.from({ length: count }, (_, i) => {
    const len = int(rand, i % 3 === 0 ? 64 : 4096);
    const bytes = Uint8Array.from({ length: len }, () => int(rand, 256));
    // A third start like a ModelProto (field 1 ir_version varint, or field 7 graph) to get past the sniffer.
    if (len > 0 && i % 3 === 1) bytes[0] = pick(rand, [0x08, 0x3a, 0x42]);
    return { kind: 'random-bytes', label: `random ${len} bytes #${i}`, bytes };
  });
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];
const text = (s: string) => new TextEncoder().encode(s);

function notOnnx(): Mutant[] {
  const files: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(0x08)],
    ['15 bytes', new Uint8Array(15).fill(0x08)],
    ['PNG', Uint8Array.from(PNG)],
    ['JPEG', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])],
    ['ZIP (PyTorch-like)', zipSync({ 'archive/data.pkl': text('not really a pickle'), 'archive/version': text('3') })],
    ['gzip of an ONNX', gzipSync(tinyModelBytes())],
    ['JSON', text('{"model": "resnet50", "weights": [1, 2, 3], "note": "not an onnx file"}')],
    ['JSON array', text('[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]')],
    ['HTML error page', text('<!DOCTYPE html><html><body>404 Not Found</body></html>')],
    ['plain text', text('This is a README, not a model. It talks about weights and layers.')],
    ['CSV', text('label,x1,x2,x3\n1,0.5,0.25,0.125\n0,0.1,0.2,0.3\n')],
    ['TFLite header', Uint8Array.from([0x1c, 0, 0, 0, 0x54, 0x46, 0x4c, 0x33, ...new Array(24).fill(0)])],
    ['ORT format header', Uint8Array.from([0x10, 0, 0, 0, 0x4f, 0x52, 0x54, 0x4d, ...new Array(24).fill(0)])],
    ['safetensors header', Uint8Array.from([0x20, 0, 0, 0, 0, 0, 0, 0, 0x7b, ...text('"w":{"dtype":"F32"}}')])],
    ['all zeros', new Uint8Array(1024)],
    ['all 0xff', new Uint8Array(1024).fill(0xff)],
    ['ONNX text form', text('ir_version: 8\ngraph {\n  node { op_type: "Relu" input: "x" output: "y" }\n}\n')],
    ['UTF-16 text', Uint8Array.from([0xff, 0xfe, ...new Array(40).fill(0x41)])],
  ];
  return files.map(([label, bytes]) => ({ kind: 'not-onnx', label, bytes }));
}

/** All mutants for one seed, in a fixed order (about 1,150). */
export function generateMutants(seed = 20261127): Mutant[] {
  const rand = mulberry32(seed);
  const bases = baseModels();
  return [
    ...notOnnx(),
    ...truncations(bases, rand),
    ...bitFlips(bases, rand, 300),
    ...splices(bases, rand, 150),
    ...randomFiles(rand, 150),
    ...structuralMutants(bases, rand),
  ];
}
