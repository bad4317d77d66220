// Audio files: the container and its sample rate from the header bytes (so the page can say it resampled), and
// decoded PCM cut into the chunks an audio input takes.
import { describe, expect, it } from 'vitest';
import { defaultSpecs } from '../../../src/engine/inputs/hints';
import { chunkAudio, sniffAudio } from '../../../src/engine/samples/audio';

/** A 16-bit PCM WAV, as any recorder writes it, with an extra LIST chunk before "fmt " to test the chunk walk. */
function wav(rate: number, samples: number): Uint8Array {
  const list = 12;
  const buffer = new ArrayBuffer(12 + 8 + list + 24 + 8 + samples * 2);
  const v = new DataView(buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  put(0, 'RIFF'); v.setUint32(4, buffer.byteLength - 8, true); put(8, 'WAVE');
  put(12, 'LIST'); v.setUint32(16, list, true);
  let at = 20 + list;
  put(at, 'fmt '); v.setUint32(at + 4, 16, true); v.setUint16(at + 8, 1, true); v.setUint16(at + 10, 1, true);
  v.setUint32(at + 12, rate, true); v.setUint32(at + 16, rate * 2, true); v.setUint16(at + 20, 2, true); v.setUint16(at + 22, 16, true);
  at += 24;
  put(at, 'data'); v.setUint32(at + 4, samples * 2, true);
  return new Uint8Array(buffer);
}

describe('audio files', () => {
  it('reads the sample rate of WAV, FLAC, MP3 (after an ID3 tag) and Ogg Vorbis headers', () => {
    expect(sniffAudio(wav(44_100, 10))).toEqual({ format: 'wav', sampleRate: 44_100 });
    const flac = new Uint8Array(42);
    flac.set([0x66, 0x4c, 0x61, 0x43, 0, 0, 0, 34]);
    new DataView(flac.buffer).setUint32(18, (22_050 << 12) | 0x0f0, false); // 20-bit rate, then channels/bits
    expect(sniffAudio(flac)).toEqual({ format: 'flac', sampleRate: 22_050 });
    const mp3 = new Uint8Array(64);
    mp3.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 4]); // ID3v2 tag of 4 bytes
    mp3.set([0xff, 0xfb, 0b1001_0100, 0x64], 14); // MPEG-1 layer III, 128 kbit/s, rate index 1 = 48 kHz
    expect(sniffAudio(mp3)).toEqual({ format: 'mp3', sampleRate: 48_000 });
    const ogg = new Uint8Array(80);
    ogg.set([0x4f, 0x67, 0x67, 0x53]);
    ogg[26] = 1; // one segment
    ogg.set([1, ...[...'vorbis'].map((c) => c.charCodeAt(0))], 28);
    new DataView(ogg.buffer).setUint32(28 + 12, 8000, true);
    expect(sniffAudio(ogg)).toEqual({ format: 'ogg', sampleRate: 8000 });
    expect(sniffAudio(new TextEncoder().encode('not audio at all'))).toBeUndefined();
  });

  it('cuts PCM into input-length chunks, pads the last with silence, and caps the count', () => {
    const [spec] = defaultSpecs([{ name: 'audio', elemType: 'float', dims: ['batch', 'samples'] }]);
    expect(spec.dims).toEqual([1, 512]);
    const pcm = Float32Array.from({ length: 1300 }, (_, i) => i);
    const chunks = chunkAudio(pcm, spec, 10, 'a.wav');
    expect(chunks).toMatchObject({ total: 3, padded: 3 * 512 - 1300 });
    expect(chunks.tensors.map((t) => t.dims)).toEqual([[1, 512], [1, 512], [1, 512]]);
    expect((chunks.tensors[1].data as Float32Array)[0]).toBe(512);
    expect((chunks.tensors[2].data as Float32Array)[1300 - 1024]).toBe(0); // first padded sample
    expect(chunkAudio(pcm, spec, 2, 'a.wav')).toMatchObject({ total: 3, padded: 0, tensors: [{}, {}] });
    expect(() => chunkAudio(pcm, { ...spec, dims: [2, 512] }, 2, 'a.wav')).toThrow(/Input "audio" does not take audio chunks/);
  });
});
