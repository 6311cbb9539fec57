using System;
using System.Linq;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// A call split into parts (<see cref="Part"/>) computes bitwise what the whole call computes: every part alone writes its
/// own share of the output and nothing else, and the parts together, one after another or on concurrent threads, leave
/// the output span exactly as the whole call does. Outputs start as NaN, so a float a part should not write is caught.
/// </summary>
public sealed class PartSplitTests
{
    /// <summary>
    /// Channels x height x width x stride for the 3x3 window kernels: V2's depthwise and pool shapes, fewer channels than parts,
    /// odd channel counts, and shapes on each path (flat stride 1 and 2, banded rows, the plain loop nest).
    /// </summary>
    public static TheoryData<int, int, int, int> WindowShapes() => new()
    {
        { 24, 56, 56, 2 },
        { 58, 28, 28, 1 },
        { 116, 28, 28, 2 },
        { 116, 14, 14, 1 },
        { 116, 14, 14, 2 },
        { 232, 14, 14, 2 },
        { 232, 7, 7, 1 },
        { 1, 7, 7, 1 },
        { 2, 5, 5, 2 },
        { 3, 14, 14, 2 },
        { 5, 15, 7, 1 },
        { 7, 25, 33, 1 },
        { 17, 18, 17, 2 },
        { 9, 2, 3, 1 },
        { 3, 150, 40, 1 },
        { 5, 150, 40, 2 },
        { 3, 2, 2800, 1 },
        { 2, 3, 4100, 2 },

        // Rows narrower than an AVX2 chunk of 8, split over rows: a chunk's store must not run into the next part's rows.
        { 3, 20, 5, 1 },
        { 3, 40, 9, 2 },

        // AVX2 border chunks read in place with the outside lanes cleared (planes with neighbours in the span), and rows
        // narrower than a chunk at stride 1 on the flat path.
        { 3, 9, 13, 1 },
        { 4, 10, 19, 2 },
        { 5, 12, 7, 1 },
        { 3, 6, 6, 1 },
    };

    [Theory]
    [MemberData(nameof(WindowShapes))]
    public void DepthwiseConvPartsTileTheWholeCall(int channels, int height, int width, int stride)
    {
        int outHeight = TestData.OutputSize(height, stride);
        int outWidth = TestData.OutputSize(width, stride);
        Random random = TestData.Random(channels, height, width, stride, 21);
        float[] input = TestData.Uniform(random, channels * height * width);
        float[] weights = TestData.Uniform(random, channels * 9);
        float[] bias = TestData.Uniform(random, channels);
        Activation activation = TestData.Activations[channels % TestData.Activations.Length];
        foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
        {
            foreach (VectorWidth? path in KernelPaths.All())
            {
                PartSplitAssert.TilesTheWholeCall(
                    $"depthwise {channels} ch @ {height}x{width} s{stride}, {activation}, {layout}, {KernelPaths.Name(path)}",
                    () => new PlanarCase(layout, input, channels, height * width, outHeight * outWidth, (workspace, part) =>
                    {
                        if (path is { } pinned)
                        {
                            DepthwiseConv3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, weights, bias, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, activation, pinned, part);
                        }
                        else
                        {
                            DepthwiseConv3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, weights, bias, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, activation, part);
                        }
                    }));
            }
        }
    }

    [Theory]
    [MemberData(nameof(WindowShapes))]
    public void AveragePoolPartsTileTheWholeCall(int channels, int height, int width, int stride)
    {
        int outHeight = TestData.OutputSize(height, stride);
        int outWidth = TestData.OutputSize(width, stride);
        float[] input = TestData.Uniform(TestData.Random(channels, height, width, stride, 22), channels * height * width);
        foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
        {
            foreach (VectorWidth? path in KernelPaths.All())
            {
                PartSplitAssert.TilesTheWholeCall(
                    $"average pool {channels} ch @ {height}x{width} s{stride}, {layout}, {KernelPaths.Name(path)}",
                    () => new PlanarCase(layout, input, channels, height * width, outHeight * outWidth, (workspace, part) =>
                    {
                        if (path is { } pinned)
                        {
                            AvgPool3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, Activation.Identity, pinned, part);
                        }
                        else
                        {
                            AvgPool3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, Activation.Identity, part);
                        }
                    }));
            }
        }
    }

    [Theory]
    [MemberData(nameof(WindowShapes))]
    [InlineData(24, 112, 112, 2)]
    public void MaxPoolPartsSplitTheChannels(int channels, int height, int width, int stride)
    {
        int outHeight = TestData.OutputSize(height, stride);
        int outWidth = TestData.OutputSize(width, stride);
        float[] input = TestData.Uniform(TestData.Random(channels, height, width, stride, 23), channels * height * width);
        foreach (VectorWidth? path in KernelPaths.All())
        {
            PartSplitAssert.TilesTheWholeCall(
                $"max pool {channels} ch @ {height}x{width} s{stride}, {KernelPaths.Name(path)}",
                () => new PlanarCase(Layout.Identity, input, channels, height * width, outHeight * outWidth, (workspace, part) =>
                {
                    if (path is { } pinned)
                    {
                        MaxPool3x3.Run(workspace.Input, channels, height, width, stride, 1, workspace.Output, outHeight, outWidth, pinned, part);
                    }
                    else
                    {
                        MaxPool3x3.Run(workspace.Input, channels, height, width, stride, 1, workspace.Output, outHeight, outWidth, part);
                    }
                }));
        }
    }

    [Theory]
    [InlineData(1024, 49)]
    [InlineData(464, 49)]
    [InlineData(1000, 7)]
    [InlineData(58, 306)]
    [InlineData(33, 16)]
    [InlineData(17, 1)]
    [InlineData(5, 3)]
    [InlineData(1, 50)]
    public void GlobalAveragePoolPartsSplitTheChannels(int channels, int pixels)
    {
        float[] input = TestData.Uniform(TestData.Random(channels, pixels, 24), channels * pixels);
        foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
        {
            foreach (VectorWidth? path in KernelPaths.All())
            {
                PartSplitAssert.TilesTheWholeCall(
                    $"global average pool {channels} ch x {pixels} px, {layout}, {KernelPaths.Name(path)}",
                    () =>
                    {
                        var workspace = new PlanarWorkspace(layout, input, channels, pixels, 0, pixels, TestData.Random(channels, pixels));
                        return new VectorCase(channels, (output, part) =>
                        {
                            if (path is { } pinned)
                            {
                                GlobalAveragePool.Run(workspace.Input, workspace.InputPlanes, pixels, channels, output, pinned, part);
                            }
                            else
                            {
                                GlobalAveragePool.Run(workspace.Input, workspace.InputPlanes, pixels, channels, output, part);
                            }
                        }, workspace);
                    });
            }
        }
    }

    [Theory]
    [InlineData(1024, 1000)]
    [InlineData(960, 1000)]
    [InlineData(1023, 13)]
    [InlineData(64, 37)]
    [InlineData(15, 17)]
    [InlineData(7, 9)]
    [InlineData(3, 2)]
    public void LinearPartsSplitTheOutputRows(int inFeatures, int outFeatures)
    {
        Random random = TestData.Random(inFeatures, outFeatures, 25);
        float[] input = TestData.Uniform(random, inFeatures);
        float[] weights = TestData.Uniform(random, outFeatures * inFeatures);
        float[] bias = TestData.Uniform(random, outFeatures);
        foreach (bool withBias in new[] { true, false })
        {
            foreach (VectorWidth? path in KernelPaths.All())
            {
                PartSplitAssert.TilesTheWholeCall(
                    $"linear {inFeatures}->{outFeatures}, bias {withBias}, {KernelPaths.Name(path)}",
                    () => new VectorCase(outFeatures, (output, part) =>
                    {
                        ReadOnlySpan<float> b = withBias ? bias : [];
                        if (path is { } pinned)
                        {
                            Linear.Run(input, inFeatures, weights, b, outFeatures, output, pinned, part);
                        }
                        else
                        {
                            Linear.Run(input, inFeatures, weights, b, outFeatures, output, part);
                        }
                    }));
            }
        }
    }

    /// <summary>Every part validates the whole call's arguments, so a part with no channels of its own still rejects bad ones.</summary>
    [Fact]
    public void AnEmptyPartStillValidatesTheWholeCall()
    {
        var empty = new Part(3, 4);
        Assert.Throws<ArgumentException>(() => DepthwiseConv3x3.Run(new float[2 * 25], [], 5, 5, 1, new float[9], new float[2], 2,
            new float[2 * 25], [], 5, 5, Activation.Identity, empty));
        Assert.Throws<ArgumentException>(() => AvgPool3x3.Run(new float[50], [], 5, 5, 1, 2, new float[50], [], 3, 5, Activation.Identity, empty));
        Assert.Throws<ArgumentException>(() => MaxPool3x3.Run(new float[49], 2, 5, 5, 2, 1, new float[18], 3, 3, empty));
        Assert.Throws<ArgumentException>(() => GlobalAveragePool.Run(new float[50], [], 25, 2, new float[1], empty));
        Assert.Throws<ArgumentException>(() => Linear.Run(new float[4], 4, new float[11], [], 3, new float[3], empty));
    }

    /// <summary>
    /// A 3x3 window kernel on a <see cref="PlanarWorkspace"/> with as many output channels as input channels: with the
    /// interleaved layout its output span is the whole arena, input planes included.
    /// </summary>
    private sealed class PlanarCase(Layout layout, float[] input, int channels, int inputPixels, int outputPixels,
        Action<PlanarWorkspace, Part> run) : PartSplitAssert.SplitCase
    {
        private readonly PlanarWorkspace _workspace = new(layout, input, channels, inputPixels, channels, outputPixels,
            TestData.Random(channels, inputPixels, outputPixels));

        public override int Units => channels;


        public override Span<float> Output => _workspace.Output;

        public override int[] Owners()
        {
            int[] owners = Enumerable.Repeat(-1, _workspace.Output.Length).ToArray();
            for (int c = 0; c < channels; c++)
            {
                int plane = _workspace.OutputPlanes.Length == 0 ? c : _workspace.OutputPlanes[c];
                owners.AsSpan(plane * outputPixels, outputPixels).Fill(c);
            }

            return owners;
        }

        public override void Run(Part part) => run(_workspace, part);

        public override void Dispose() => _workspace.Dispose();
    }

    /// <summary>
    /// A kernel writing one float per unit into a guarded vector of exactly <paramref name="units"/> floats, starting as NaN;
    /// <paramref name="input"/>, when the call reads one, is checked untouched after each part and disposed with the case.
    /// </summary>
    private sealed class VectorCase(int units, VectorCase.Call run, PlanarWorkspace? input = null) : PartSplitAssert.SplitCase
    {
        private readonly GuardedBuffer _output = Filled(new GuardedBuffer(units));

        public delegate void Call(Span<float> output, Part part);

        public override int Units => units;


        public override Span<float> Output => _output.Span;

        public override int[] Owners() => Enumerable.Range(0, units).ToArray();

        public override void Run(Part part)
        {
            run(_output.Span, part);
            input?.AssertInputUntouched(part.ToString());
        }

        public override void Dispose()
        {
            _output.Dispose();
            input?.Dispose();
        }

        private static GuardedBuffer Filled(GuardedBuffer buffer)
        {
            buffer.Span.Fill(float.NaN);
            return buffer;
        }
    }
}
