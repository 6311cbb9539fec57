using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using QuickStart;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Weights;

// The README's main job: generate ShuffleNet V2 1.0x from its spec, load weights, predict one image, print the top-5 and
// the latency. `--help` lists the options; an unknown option or a bad value is an error, never silently ignored.
var weightsOption = new Option<FileInfo>("--weights")
{
    Description = "A safetensors file saved from torchvision's shufflenet_v2_x1_0().state_dict(). Without it, seeded random " +
        "weights are written and used: the classes are then meaningless, the timing is not.",
};
var weightsOutOption = new Option<FileInfo>("--weights-out")
{
    Description = "Where to write the random weights when --weights is not given (default: a new temporary file, deleted at exit).",
};
var inputOption = new Option<FileInfo>("--input")
{
    Description = "Raw float32 CHW, 3x224x224, preprocessed as torchvision expects. Without it, a generated test pattern.",
};
var runsOption = new Option<int>("--runs")
{
    Description = "Timed Predict calls per thread setting (at least 1).",
    DefaultValueFactory = _ => 50,
};
// A parser of its own rather than a validator: a validator would read the value of `--runs many`, which does not parse.
runsOption.CustomParser = result =>
{
    string token = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
    if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int runs) || runs < 1)
    {
        result.AddError($"--runs must be a whole number of at least 1 (got '{token}').");
        return 0;
    }

    return runs;
};
weightsOption.AcceptExistingOnly();
inputOption.AcceptExistingOnly();

var root = new RootCommand("ShuffleNetGen quick start: ShuffleNet V2 1.0x generated from its spec, loaded, run and timed.")
{
    weightsOption, weightsOutOption, inputOption, runsOption,
};
root.Validators.Add(result =>
{
    if (result.GetValue(weightsOption) is not null && result.GetValue(weightsOutOption) is not null)
    {
        result.AddError("--weights-out writes random weights, so it cannot be combined with --weights.");
    }
});
root.SetAction(parsed => Run(parsed.GetValue(weightsOption)?.FullName, parsed.GetValue(weightsOutOption)?.FullName,
    parsed.GetValue(inputOption)?.FullName, parsed.GetValue(runsOption)));
return root.Parse(args).Invoke();

static int Run(string? weightsPath, string? weightsOut, string? inputPath, int runs)
{
    ModelInfo info = ShuffleNetV2X1_0.Info;
    Console.WriteLine($"{info.Name} ({info.Family}): {info.MultiplyAdds / 1e6:F1} M multiply-adds, {info.Parameters:N0} parameters, " +
        $"arena {info.ArenaBytes / 1024.0:F0} KiB, {info.Layers.Count} layers");
    Console.WriteLine($"SIMD path: {SimdPath.Name}; CPU: {Machine.CpuModel()}, {Environment.ProcessorCount} logical cores");

    string? temporary = null;
    try
    {
        if (weightsPath is null)
        {
            weightsPath = weightsOut ?? (temporary = Path.GetTempFileName());
            ShuffleNetGen.Samples.RandomWeights.Write(info, weightsPath, seed: 42);
            Console.WriteLine($"No --weights given: using seeded random weights ({weightsPath}" +
                (temporary is null ? ")" : ", deleted at exit)") + "; the classes below are not meaningful.");
        }

        return Measure(weightsPath, inputPath, runs, info);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or WeightFileException or InvalidDataException)
    {
        Console.Error.WriteLine("error: " + e.Message);
        return 1;
    }
    finally
    {
        if (temporary is not null)
        {
            File.Delete(temporary);
        }
    }
}

static int Measure(string weightsPath, string? inputPath, int runs, ModelInfo info)
{
    var load = Stopwatch.StartNew();
    ShuffleNetV2X1_0 model = ShuffleNetV2X1_0.Load(weightsPath);
    Console.WriteLine($"Loaded {weightsPath} in {load.Elapsed.TotalMilliseconds:F1} ms");

    float[] input = inputPath is null ? TestPattern() : ReadInput(inputPath);
    Console.WriteLine(inputPath is null ? "No --input given: using a generated test pattern." : $"Input: {inputPath}");

    var logits = new float[ShuffleNetV2X1_0.Classes];
    model.Predict(input, logits);

    float max = logits.Max();
    double sum = logits.Sum(l => Math.Exp(l - max));
    Console.WriteLine("Top-5:");
    foreach (int c in Enumerable.Range(0, logits.Length).OrderByDescending(c => logits[c]).Take(5))
    {
        Console.WriteLine($"  class {c,4}  logit {logits[c],9:F4}  p={Math.Exp(logits[c] - max) / sum:F4}");
    }

    // One thread, then every core (the default MaxThreads: one image is split layer by layer over a team of threads, which
    // the model keeps using only while it is faster than one thread; the first calls measure both ways).
    foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
    {
        model.MaxThreads = threads;
        for (int i = 0; i < 40; i++) model.Predict(input, logits);
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            model.Predict(input, logits);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        string label = threads == 1 ? "1 thread" : $"MaxThreads = {threads}";
        Console.WriteLine($"Latency over {runs} runs (1 image, {label}, {SimdPath.Name}): median {times[runs / 2]:F3} ms, " +
            $"min {times[0]:F3} ms, {info.MultiplyAdds * 2 / (times[runs / 2] * 1e6):F1} GFLOP/s");
    }

    return 0;
}

static float[] ReadInput(string path)
{
    byte[] bytes = File.ReadAllBytes(path);
    int expected = ShuffleNetV2X1_0.InputLength * sizeof(float);
    if (bytes.Length != expected)
    {
        throw new InvalidDataException($"{path}: expected {expected} bytes (float32 {ShuffleNetV2X1_0.InputChannels}x{ShuffleNetV2X1_0.InputHeight}x{ShuffleNetV2X1_0.InputWidth}), found {bytes.Length}.");
    }
    var values = new float[ShuffleNetV2X1_0.InputLength];
    Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
    return values;
}

// A smooth colour gradient with a bright square, already in normalised units (roughly mean 0, unit variance).
static float[] TestPattern()
{
    const int C = ShuffleNetV2X1_0.InputChannels, H = ShuffleNetV2X1_0.InputHeight, W = ShuffleNetV2X1_0.InputWidth;
    var x = new float[C * H * W];
    for (int c = 0; c < C; c++)
    for (int y = 0; y < H; y++)
    for (int xx = 0; xx < W; xx++)
    {
        bool square = y > H / 3 && y < 2 * H / 3 && xx > W / 3 && xx < 2 * W / 3;
        x[(c * H + y) * W + xx] = square ? 1.5f : (float)Math.Sin((xx + c * 17) * 0.05) * (y / (float)H) - 0.5f;
    }
    return x;
}
