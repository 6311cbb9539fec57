using System;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// One dense k x k convolution case (<see cref="ConvKxK"/>, the body of <see cref="Conv3x3"/> and <see cref="Conv7x7"/>) on
/// every path, with identity and shuffled plane tables, finite and non-finite inputs and every activation, against
/// <see cref="NaiveReference.ConvKxK"/>. <paramref name="run"/> is the public entry point of the kernel under test.
/// </summary>
internal static class DenseConvCases
{
    public delegate void PublicRun(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int inChannels, int height, int width, int stride,
        int padding, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int outChannels, Span<float> output,
        ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, Activation activation, Part part);

    public static void AssertEveryPathMatchesNaive(PublicRun run, int kernel, int inChannels, int outChannels, int height, int width, int stride,
        int padding, Activation[]? activations = null)
    {
        int outHeight = ConvKxK.OutputSize(height, kernel, stride, padding);
        int outWidth = ConvKxK.OutputSize(width, kernel, stride, padding);
        Random random = TestData.Random(kernel, inChannels, outChannels, height, width, stride, padding);
        float[] finite = TestData.Uniform(random, inChannels * height * width);
        float[] weights = TestData.Uniform(random, outChannels * inChannels * kernel * kernel);
        float[] bias = TestData.Uniform(random, outChannels);
        var packedWeights = new float[ConvKxK.PackedWeightsLength(outChannels, inChannels, kernel)];
        var packedBias = new float[ConvKxK.PackedBiasLength(outChannels)];
        ConvKxK.PackWeights(weights, bias, outChannels, inChannels, kernel, packedWeights, packedBias);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, inChannels, height, width))
        {
            foreach (Activation activation in activations ?? TestData.Activations)
            {
                double[] expected = NaiveReference.ConvKxK(input, weights, bias, inChannels, outChannels, height, width, kernel, stride, padding, activation);
                foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
                {
                    foreach (VectorWidth? path in KernelPaths.All())
                    {
                        string context = $"{inputs}, {kernel}x{kernel} s{stride} p{padding} {inChannels}->{outChannels} @ {height}x{width}, {activation}, {layout}, {KernelPaths.Name(path)}";
                        using var workspace = new PlanarWorkspace(layout, input, inChannels, height * width, outChannels, outHeight * outWidth, random);
                        if (path is { } pinned)
                        {
                            ConvKxK.Run(workspace.Input, workspace.InputPlanes, inChannels, height, width, kernel, stride, padding, packedWeights, packedBias,
                                outChannels, workspace.Output, workspace.OutputPlanes, outHeight, outWidth, activation, pinned);
                        }
                        else
                        {
                            run(workspace.Input, workspace.InputPlanes, inChannels, height, width, stride, padding, packedWeights, packedBias,
                                outChannels, workspace.Output, workspace.OutputPlanes, outHeight, outWidth, activation, default);
                        }

                        Tolerance.AssertClose(expected, workspace.GatherOutput(), context);
                        workspace.AssertInputUntouched(context);
                    }
                }
            }
        }
    }

    /// <summary>The parts of a call over output rows together compute the whole call, value for value.</summary>
    public static void AssertPartsEqualWhole(PublicRun run, int kernel, int inChannels, int outChannels, int height, int width, int stride, int padding, int parts)
    {
        int outHeight = ConvKxK.OutputSize(height, kernel, stride, padding);
        int outWidth = ConvKxK.OutputSize(width, kernel, stride, padding);
        Random random = TestData.Random(kernel, inChannels, outChannels, height, width, stride, padding, parts);
        float[] input = TestData.Uniform(random, inChannels * height * width);
        var packedWeights = new float[ConvKxK.PackedWeightsLength(outChannels, inChannels, kernel)];
        var packedBias = new float[ConvKxK.PackedBiasLength(outChannels)];
        ConvKxK.PackWeights(TestData.Uniform(random, outChannels * inChannels * kernel * kernel), TestData.Uniform(random, outChannels),
            outChannels, inChannels, kernel, packedWeights, packedBias);
        var whole = new float[outChannels * outHeight * outWidth];
        run(input, [], inChannels, height, width, stride, padding, packedWeights, packedBias, outChannels, whole, [], outHeight, outWidth, Activation.Relu, default);
        var split = new float[whole.Length];
        split.AsSpan().Fill(float.NaN);
        for (int p = 0; p < parts; p++)
        {
            run(input, [], inChannels, height, width, stride, padding, packedWeights, packedBias, outChannels, split, [], outHeight, outWidth, Activation.Relu, new Part(p, parts));
        }

        Xunit.Assert.Equal(whole, split);
    }
}
