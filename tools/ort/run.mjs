// Runs one ONNX model with ONNX Runtime (CPU) for ShuffleNetGen's OrtSession, over stdin/stdout.
//
// Every message, either way, is a frame: one line of JSON ending in "\n", then exactly `bytes` bytes of payload
// (0 when the field is absent). Float32 payloads are little-endian, row-major.
//
//   → {"op":"load","model":PATH,"threads":T,"dims":[1,C,H,W]}
//   ← {"ok":true,"createMs":…,"firstRunMs":…}           session creation, then one run on zeros (the cold start)
//   → {"op":"run","dims":[N,C,H,W],"bytes":B} + input
//   ← {"ok":true,"dims":[N,K],"bytes":B'} + logits
//   → {"op":"time","dims":[N,C,H,W],"warmup":W,"runs":R,"bytes":B} + input
//   ← {"ok":true,"ms":[…]}                               R per-run milliseconds, sorted ascending
//   ← {"ok":false,"error":"…"}                           on any failure; the process keeps serving
//
// The process exits when stdin closes. Nothing else is written to stdout.
import * as ort from 'onnxruntime-node';

class FrameReader {
  constructor(stream) {
    this.iterator = stream[Symbol.asyncIterator]();
    this.chunks = [];
    this.buffered = 0;
  }

  async fill() {
    const { value, done } = await this.iterator.next();
    if (done) return false;
    this.chunks.push(value);
    this.buffered += value.length;
    return true;
  }

  take(count) {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    this.chunks = count < all.length ? [all.subarray(count)] : [];
    this.buffered = all.length - count;
    return all.subarray(0, count);
  }

  // The next header line without its "\n", or null at end of input.
  async readLine() {
    for (;;) {
      let offset = 0;
      for (const chunk of this.chunks) {
        const newline = chunk.indexOf(0x0a);
        if (newline >= 0) return this.take(offset + newline + 1).subarray(0, offset + newline).toString('utf8');
        offset += chunk.length;
      }
      if (!(await this.fill())) return null;
    }
  }

  async readBytes(count) {
    while (this.buffered < count) {
      if (!(await this.fill())) throw new Error(`stdin closed inside a ${count}-byte payload`);
    }
    return Buffer.from(this.take(count));
  }
}

function send(header, payload) {
  const line = JSON.stringify(payload ? { ...header, bytes: payload.length } : header) + '\n';
  process.stdout.write(payload ? Buffer.concat([Buffer.from(line, 'utf8'), payload]) : line);
}

function elementCount(dims) {
  return dims.reduce((a, b) => a * b, 1);
}

function inputTensor(dims, payload) {
  if (payload.length !== elementCount(dims) * 4) {
    throw new Error(`payload holds ${payload.length} bytes; dims [${dims}] need ${elementCount(dims) * 4}`);
  }
  // Copy into a fresh, aligned Float32Array: a Buffer slice may start at any byte offset.
  const data = new Float32Array(payload.length / 4);
  Buffer.from(data.buffer).set(payload);
  return new ort.Tensor('float32', data, dims);
}

function elapsedMs(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

let session = null;

async function runOnce(tensor) {
  const results = await session.run({ [session.inputNames[0]]: tensor });
  return results[session.outputNames[0]];
}

async function handle(request, payload) {
  switch (request.op) {
    case 'load': {
      const start = process.hrtime.bigint();
      session = await ort.InferenceSession.create(request.model, {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        intraOpNumThreads: request.threads,
        interOpNumThreads: 1,
        logSeverityLevel: 3,
      });
      const createMs = elapsedMs(start);
      const zeros = new ort.Tensor('float32', new Float32Array(elementCount(request.dims)), request.dims);
      const firstRun = process.hrtime.bigint();
      await runOnce(zeros);
      send({ ok: true, createMs, firstRunMs: elapsedMs(firstRun) });
      return;
    }
    case 'run': {
      const output = await runOnce(inputTensor(request.dims, payload));
      const data = output.data;
      send({ ok: true, dims: output.dims }, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      return;
    }
    case 'time': {
      const tensor = inputTensor(request.dims, payload);
      for (let i = 0; i < request.warmup; i++) await runOnce(tensor);
      const ms = new Array(request.runs);
      for (let i = 0; i < request.runs; i++) {
        const start = process.hrtime.bigint();
        await runOnce(tensor);
        ms[i] = elapsedMs(start);
      }
      ms.sort((a, b) => a - b);
      send({ ok: true, ms });
      return;
    }
    default:
      throw new Error(`unknown op '${request.op}'`);
  }
}

const reader = new FrameReader(process.stdin);
for (;;) {
  const line = await reader.readLine();
  if (line === null) break;
  let request;
  try {
    request = JSON.parse(line);
  } catch (error) {
    send({ ok: false, error: `bad header line: ${error.message}` });
    continue;
  }
  const payload = await reader.readBytes(request.bytes ?? 0);
  try {
    if (request.op !== 'load' && session === null) throw new Error('no model loaded: send "load" first');
    await handle(request, payload);
  } catch (error) {
    send({ ok: false, error: String(error && error.message ? error.message : error) });
  }
}
