// Audio files: the container and its sample rate from the header bytes (so the page can say it resampled), and
// decoded PCM cut into the chunks an audio input takes.
import { describe, expect, it } from 'vitest';
import { defaultSpecs } from '../../../src/engine/inputs/hints';
import { chunkAudio, sniffAudio } from '../../../src/engine/samples/audio';
import { toneWav } from '../../fixtures/audio-model';

describe('audio files', () => {
  it('reads the sample rate of WAV, FLAC, MP3 (after an ID3 tag) and Ogg Vorbis headers', () => {
    expect(sniffAudio(new Uint8Array(toneWav(44_100, 0.01, { listChunk: true })))).toEqual({ format: 'wav', sampleRate: 44_100 });
    expect(sniffAudio(new Uint8Array(toneWav(8000, 0.01)))).toEqual({ format: 'wav', sampleRate: 8000 });
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
