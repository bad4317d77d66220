import { readFileSync } from 'node:fs';
const { createRunner } = await import('/work/main/src/runtime/ort');
const { createSentimentAdapter } = await import('/work/main/src/models/sentiment/create-adapter');
const adapter = createSentimentAdapter(JSON.parse(readFileSync('/tmp/tok-run1.json', 'utf8')));
const demo = [
    'The food was delicious and the staff were friendly.',
    'This phone stopped working after two days.',
    'One of the best films I have seen this year.',
    'The plot was boring and the acting was terrible.',
    'Great battery life, I would buy it again.',
    'I will never go back to this place.',
];
const m = await createRunner({ backend: 'wasm', threads: 1 }).open(new Uint8Array(readFileSync('/tmp/model-run1.onnx')));
const preds = adapter.decode(await m.run(adapter.toFeeds(demo)), demo.length);
preds.forEach((p, i) => console.log(p.label, p.top!.map(t => t.label + ' ' + t.score.toFixed(3)).join(', '), '|', demo[i], '|', adapter.tokenizer.tokens(demo[i]).join(' ')));
await m.close();
