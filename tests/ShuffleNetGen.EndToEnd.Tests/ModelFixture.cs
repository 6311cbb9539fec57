using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Reference;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// A canonical model with seeded random weights (random BatchNorm statistics) saved as safetensors under the reference
/// implementation's keys, with <c>num_batches_tracked</c> present as PyTorch writes it, plus the reference executor's logits.
/// </summary>
internal sealed class ModelFixture
{
    private static readonly ConcurrentDictionary<string, Lazy<bool>> s_written = new(StringComparer.Ordinal);

    public const int Batch = 3;

    public ModelFixture(string name, int seed = 1234)
    {
        Model = GeneratedModels.All[name];
        Graph = Model.Graph();
        Weights = RandomWeights.Create(Graph, seed);
        // One file per model and seed, overwritten by the next run rather than piling up in the temp folder. Test classes
        // run in parallel and several build a fixture of the same model: the file is written once per process (its bytes
        // depend only on the model and seed), so no fixture rewrites it while another one's model is loading it.
        WeightsPath = Path.Combine(Path.GetTempPath(), $"sng-e2e-{name}-{seed}.safetensors");
        _ = s_written.GetOrAdd(WeightsPath, path => new Lazy<bool>(() =>
        {
            RandomWeights.WriteSafetensors(Graph, Weights, path);
            return true;
        })).Value;
        Input = RandomInput.Create(Batch * Model.InputLength, seed + 1);
        Expected = ReferenceExecutor.Run(Graph, Weights, Input, Batch);
    }

    public GeneratedModel Model { get; }
    public LayerGraph Graph { get; }
    public Dictionary<string, float[]> Weights { get; }
    public string WeightsPath { get; }
    public float[] Input { get; }
    /// <summary>Reference logits, [Batch, classes].</summary>
    public float[] Expected { get; }

    /// <summary>
    /// Loads the generated class from the weights file and checks it against the reference at batch <see cref="Batch"/>
    /// and at batch 1 (for the first <paramref name="singleImages"/> images), within <paramref name="tolerance"/> of the largest |logit|.
    /// </summary>
    public void AssertPredictMatchesReference(double tolerance, int singleImages)
    {
        Predictor predict = Model.Load(WeightsPath);
        int classes = Model.Info.Classes, inputLength = Model.InputLength;
        string name = Path.GetFileName(Model.SpecFile);

        var batched = new float[Batch * classes];
        predict(Input, batched, Batch);
        AssertClose(Expected, batched, tolerance, $"{name} batch {Batch}");

        for (int b = 0; b < singleImages; b++)
        {
            var single = new float[classes];
            predict(Input.AsSpan(b * inputLength, inputLength), single, 1);
            AssertClose(Expected.AsSpan(b * classes, classes), single, tolerance, $"{name} batch 1, image {b}");
        }
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance · max|expected| for every logit.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relativeTolerance, string what)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (float e in expected) scale = Math.Max(scale, Math.Abs(e));
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            if (!(error <= worst)) { worst = error; worstIndex = i; }
        }
        Xunit.Assert.True(worst <= relativeTolerance * scale,
            $"{what}: max |error| {worst:E3} at logit {worstIndex} exceeds {relativeTolerance:E1} x max|logit| {scale:E3}");
    }
}
