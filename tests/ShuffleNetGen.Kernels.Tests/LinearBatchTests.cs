using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// <see cref="Linear.RunBatch(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, Part)"/>:
/// against the naive affine map per image, and bit for bit against the one-image kernel on the same path (a batched
/// Predict must give each image exactly the logits it gets alone).
/// </summary>
public sealed class LinearBatchTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 2)]
    [InlineData(3, 7, 9)]
    [InlineData(4, 16, 3)] // one group of four, one 512-bit vector per row
    [InlineData(5, 65, 4)] // a group and a lone image; an unrolled block and a scalar tail at every width
    [InlineData(8, 100, 11)] // two groups; the single-vector remainder after the unrolled blocks
    [InlineData(9, 1023, 13)] // rows not a multiple of any vector width
    [InlineData(7, 64, 70)] // more rows than one row block (32)
    [InlineData(8, 1024, 100)]
    public void EveryPathMatchesNaiveAndTheOneImageKernelBitwise(int batch, int inFeatures, int outFeatures)
    {
        Random random = TestData.Random(batch, inFeatures, outFeatures);
        float[] input = TestData.Uniform(random, batch * inFeatures);
        float[] weights = TestData.Uniform(random, outFeatures * inFeatures);
        float[] bias = TestData.Uniform(random, outFeatures);
        foreach (bool withBias in new[] { true, false })
        {
            ReadOnlySpan<float> b = withBias ? bias : [];
            foreach (VectorWidth? path in KernelPaths.All())
            {
                string context = $"batch {batch}, {inFeatures}->{outFeatures}, bias {withBias}, {KernelPaths.Name(path)}";
                using var y = new GuardedBuffer(batch * outFeatures);
                if (path is { } pinned)
                {
                    Linear.RunBatch(input, batch, inFeatures, weights, b, outFeatures, y.Span, pinned);
                }
                else
                {
                    Linear.RunBatch(input, batch, inFeatures, weights, b, outFeatures, y.Span);
                }

                var alone = new float[outFeatures];
                for (int image = 0; image < batch; image++)
                {
                    float[] x = input.AsSpan(image * inFeatures, inFeatures).ToArray();
                    double[] expected = NaiveReference.Linear(x, weights, withBias ? bias : null, inFeatures, outFeatures);
                    Span<float> batched = y.Span.Slice(image * outFeatures, outFeatures);
                    Tolerance.AssertClose(expected, batched, $"{context}, image {image}");
                    if (path is { } p)
                    {
                        Linear.Run(x, inFeatures, weights, b, outFeatures, alone, p);
                    }
                    else
                    {
                        Linear.Run(x, inFeatures, weights, b, outFeatures, alone);
                    }

                    for (int o = 0; o < outFeatures; o++)
                    {
                        if (BitConverter.SingleToInt32Bits(batched[o]) != BitConverter.SingleToInt32Bits(alone[o]))
                        {
                            Assert.Fail($"{context}, image {image}, row {o}: batched {batched[o]:R}, alone {alone[o]:R}");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(8, 1024, 100)]
    [InlineData(5, 33, 40)]
    [InlineData(3, 7, 9)]
    public void PartsSplitEveryImagesRowsAndTileTheWholeCall(int batch, int inFeatures, int outFeatures)
    {
        Random random = TestData.Random(batch, inFeatures, outFeatures, 26);
        float[] input = TestData.Uniform(random, batch * inFeatures);
        float[] weights = TestData.Uniform(random, outFeatures * inFeatures);
        float[] bias = TestData.Uniform(random, outFeatures);
        foreach (VectorWidth? path in KernelPaths.All())
        {
            var whole = new float[batch * outFeatures];
            Run(path, whole, Part.Whole);
            foreach (int parts in new[] { 2, 3, 4 })
            {
                var split = new float[batch * outFeatures];
                Array.Fill(split, float.NaN);
                var owner = new int[batch * outFeatures];
                for (int index = 0; index < parts; index++)
                {
                    var part = new Part(index, parts);
                    var before = (float[])split.Clone();
                    Run(path, split, part);
                    (int first, int end) = part.Range(outFeatures, Linear.PartGranule);
                    for (int i = 0; i < split.Length; i++)
                    {
                        int row = i % outFeatures;
                        bool mine = row >= first && row < end;
                        if (!mine)
                        {
                            Assert.True(BitConverter.SingleToInt32Bits(before[i]) == BitConverter.SingleToInt32Bits(split[i]),
                                $"{KernelPaths.Name(path)}, {part} wrote row {row} of image {i / outFeatures}, outside its rows [{first}, {end})");
                        }
                        else
                        {
                            owner[i]++;
                        }
                    }
                }

                Assert.All(owner, n => Assert.Equal(1, n));
                Assert.Equal(whole, split);
            }
        }

        void Run(VectorWidth? path, float[] output, Part part)
        {
            if (path is { } pinned)
            {
                Linear.RunBatch(input, batch, inFeatures, weights, bias, outFeatures, output, pinned, part);
            }
            else
            {
                Linear.RunBatch(input, batch, inFeatures, weights, bias, outFeatures, output, part);
            }
        }
    }
}
