using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ShuffleNetGen.Reference;
using ShuffleNetGen.Runtime.Execution;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// A batch runs the classifier once per chunk of images (<see cref="BatchRunner.HeadChunk"/>) instead of once per image:
/// every image must still get exactly, bit for bit, the logits it gets alone, on one thread, on the lane team, on the
/// thread pool (a concurrent caller has the team), and across more than one chunk.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class BatchHeadTests
{
    public static IEnumerable<TheoryDataRow<string>> Models => SmallModels.Rows(["shufflenet_v2_x0_5", "shufflenet_v1_g8_x0_5"]);

    [Theory]
    [MemberData(nameof(Models))]
    public void Batched_logits_equal_each_image_alone_bitwise(string name) => BatchesEqualEachImageAlone(name, 2, 5);

    /// <summary>
    /// A batch longer than one classifier chunk (<see cref="BatchRunner.HeadChunk"/> + 1 images). Not in the Arm64 run
    /// (.ci/run picks the method above): the chunking is the runner's, the same code on every path, and 33 images a batch
    /// take minutes under qemu.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void Batches_longer_than_one_head_chunk_equal_each_image_alone_bitwise(string name) =>
        BatchesEqualEachImageAlone(name, BatchRunner.HeadChunk + 1);

    private static void BatchesEqualEachImageAlone(string name, params int[] batches)
    {
        Subject s = Subject.Of(name, batches[^1]);
        Assert.True(s.Model.HeadInputs > 0, $"{name} ends in a classifier, so batches share it.");
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            s.SetMaxThreads(threads);
            foreach (int batch in batches)
            {
                var logits = new float[batch * s.Classes];
                s.Predict(s.Images.AsSpan(0, batch * s.InputLength), logits, batch);
                s.AssertEqualsAlone(logits, batch, $"{name}, batch {batch}, MaxThreads {threads}");
            }
        }
    }

    [Fact]
    public void Concurrent_batches_on_one_instance_equal_each_image_alone()
    {
        Subject s = Subject.Of("shufflenet_v2_x0_5");
        const int callers = 3, batch = 5;
        using var start = new Barrier(callers);
        var failures = new string?[callers];
        Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = callers }, c =>
        {
            var logits = new float[batch * s.Classes];
            start.SignalAndWait();
            for (int round = 0; round < 4; round++)
            {
                // Each caller its own window of images: one caller has the team, the others run on the thread pool.
                int first = (c + round) % 4;
                s.Predict(s.Images.AsSpan(first * s.InputLength, batch * s.InputLength), logits, batch);
                failures[c] ??= s.FirstDifference(logits, first, batch, $"caller {c}, round {round}");
            }
        });
        Assert.All(failures, f => Assert.Null(f));
    }

    [Fact]
    public void A_batch_on_one_thread_allocates_nothing()
    {
        Subject s = Subject.Of("shufflenet_v2_x0_5");
        s.SetMaxThreads(1);
        const int batch = 5;
        var logits = new float[batch * s.Classes];
        ReadOnlyMemory<float> images = s.Images.AsMemory(0, batch * s.InputLength);
        for (int i = 0; i < 5; i++) s.Predict(images.Span, logits, batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) s.Predict(images.Span, logits, batch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"10 batches of {batch} on one thread allocated {allocated} bytes.");
    }

    /// <summary>A loaded model with images and each image's logits alone (one thread, batch 1).</summary>
    private sealed class Subject
    {
        private readonly float[][] _alone;

        private Subject(GeneratedModel generated, string weightsPath, int images)
        {
            Model = generated.Open(weightsPath);
            InputLength = generated.InputLength;
            Classes = generated.Info.Classes;
            Images = RandomInput.Create((images + 4) * InputLength, seed: 4242);
            SetMaxThreads(1);
            _alone = new float[images + 4][];
            for (int b = 0; b < _alone.Length; b++)
            {
                _alone[b] = new float[Classes];
                Predict(Images.AsSpan(b * InputLength, InputLength), _alone[b], 1);
            }
        }

        public IImageModel Model { get; }
        public int InputLength { get; }
        public int Classes { get; }
        public float[] Images { get; }

        /// <summary>The model with <paramref name="images"/> + 4 images and their logits alone.</summary>
        public static Subject Of(string name, int images = 5) => new(GeneratedModels.All[name], new ModelFixture(name).WeightsPath, images);

        /// <summary>The generated <c>Predict(input, output, batch)</c>, as a user calls it.</summary>
        public void Predict(ReadOnlySpan<float> input, Span<float> output, int batch) =>
            BatchRunner.Run(Model, input, output, batch, InputLength, Classes, "image");

        /// <summary>The generated class's public <c>MaxThreads</c> setter.</summary>
        public void SetMaxThreads(int threads) => Model.GetType().GetProperty("MaxThreads")!.SetValue(Model, threads);

        public void AssertEqualsAlone(float[] logits, int batch, string context)
        {
            string? difference = FirstDifference(logits, 0, batch, context);
            Assert.True(difference is null, difference);
        }

        /// <summary>Where the logits of images <paramref name="first"/>.. differ from those images alone, or null.</summary>
        public string? FirstDifference(float[] logits, int first, int batch, string context)
        {
            for (int b = 0; b < batch; b++)
            {
                for (int k = 0; k < Classes; k++)
                {
                    float got = logits[(b * Classes) + k], alone = _alone[first + b][k];
                    if (BitConverter.SingleToInt32Bits(got) != BitConverter.SingleToInt32Bits(alone))
                    {
                        return $"{context}: image {first + b}, logit {k}: {got:R} in the batch, {alone:R} alone.";
                    }
                }
            }

            return null;
        }
    }
}
