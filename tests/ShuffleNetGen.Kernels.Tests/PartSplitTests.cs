using System;
using System.Linq;
using System.Threading.Tasks;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;
using Xunit.Sdk;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// A call split into parts (<see cref="Part"/>) computes bitwise what the whole call computes: every part alone writes its
/// own share of the output and nothing else, and the parts together, one after another or on concurrent threads, leave
/// the output span exactly as the whole call does. Outputs start as NaN, so a float a part should not write is caught.
/// </summary>
public sealed class PartSplitTests
{
    private static readonly int[] PartCounts = [2, 3, 4];

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
        bool relu = channels % 2 == 0;
        foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
        {
            foreach (VectorWidth? path in KernelPaths.All())
            {
                AssertPartsMatchWholeCall(
                    $"depthwise {channels} ch @ {height}x{width} s{stride}, relu {relu}, {layout}, {KernelPaths.Name(path)}",
                    () => new PlanarCase(layout, input, channels, height * width, outHeight * outWidth, (workspace, part) =>
                    {
                        if (path is { } pinned)
                        {
                            DepthwiseConv3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, weights, bias, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, relu, pinned, part);
                        }
                        else
                        {
                            DepthwiseConv3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, weights, bias, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, relu, part);
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
                AssertPartsMatchWholeCall(
                    $"average pool {channels} ch @ {height}x{width} s{stride}, {layout}, {KernelPaths.Name(path)}",
                    () => new PlanarCase(layout, input, channels, height * width, outHeight * outWidth, (workspace, part) =>
                    {
                        if (path is { } pinned)
                        {
                            AvgPool3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, pinned, part);
                        }
                        else
                        {
                            AvgPool3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, part);
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
            AssertPartsMatchWholeCall(
                $"max pool {channels} ch @ {height}x{width} s{stride}, {KernelPaths.Name(path)}",
                () => new PlanarCase(Layout.Identity, input, channels, height * width, outHeight * outWidth, (workspace, part) =>
                {
                    if (path is { } pinned)
                    {
                        MaxPool3x3.Run(workspace.Input, channels, height, width, stride, workspace.Output, outHeight, outWidth, pinned, part);
                    }
                    else
                    {
                        MaxPool3x3.Run(workspace.Input, channels, height, width, stride, workspace.Output, outHeight, outWidth, part);
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
                AssertPartsMatchWholeCall(
                    $"global average pool {channels} ch x {pixels} px, {layout}, {KernelPaths.Name(path)}",
                    () =>
                    {
                        var workspace = new PlanarWorkspace(layout, input, channels, pixels, 0, pixels, TestData.Random(channels, pixels));
                        return new VectorCase(channels, GlobalAveragePool.PartGranule, (output, part) =>
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
                AssertPartsMatchWholeCall(
                    $"linear {inFeatures}->{outFeatures}, bias {withBias}, {KernelPaths.Name(path)}",
                    () => new VectorCase(outFeatures, Linear.PartGranule, (output, part) =>
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
            new float[2 * 25], [], 5, 5, relu: false, empty));
        Assert.Throws<ArgumentException>(() => AvgPool3x3.Run(new float[50], [], 5, 5, 1, 2, new float[50], [], 3, 5, empty));
        Assert.Throws<ArgumentException>(() => MaxPool3x3.Run(new float[49], 2, 5, 5, 2, new float[18], 3, 3, empty));
        Assert.Throws<ArgumentException>(() => GlobalAveragePool.Run(new float[50], [], 25, 2, new float[1], empty));
        Assert.Throws<ArgumentException>(() => Linear.Run(new float[4], 4, new float[11], [], 3, new float[3], empty));
    }

    /// <summary>
    /// Runs the whole call, then for each count in <see cref="PartCounts"/>: every part alone, all parts one after another,
    /// and all parts on concurrent threads, each on fresh buffers from <paramref name="create"/>, comparing bit patterns.
    /// </summary>
    private static void AssertPartsMatchWholeCall(string context, Func<SplitCase> create)
    {
        float[] before, whole;
        int[] owners;
        int units;
        using (SplitCase call = create())
        {
            before = call.Output.ToArray();
            owners = call.Owners();
            units = call.Units;
            call.Run(Part.Whole);
            whole = call.Output.ToArray();
        }

        AssertBitwise(Expected(before, whole, owners, 0, units), whole, $"{context}, whole call");
        foreach (int count in PartCounts)
        {
            // Each part alone writes floats only where the whole call does, bitwise as it does, and no float is written
            // by two parts; together they write all of the whole call's. (Which share a part takes, channels or pixels,
            // is the kernel's choice: see SplitPolicy.)
            var writer = new int[whole.Length];
            writer.AsSpan().Fill(-1);
            for (int index = 0; index < count; index++)
            {
                var part = new Part(index, count);
                using SplitCase call = create();
                call.Run(part);
                ReadOnlySpan<float> output = call.Output;
                for (int i = 0; i < output.Length; i++)
                {
                    if (Same(output[i], before[i]))
                    {
                        continue;
                    }

                    if (!Same(output[i], whole[i]) || writer[i] >= 0)
                    {
                        throw new XunitException($"{context}, {part} alone: float {i} is {output[i]:R}, the whole call's {whole[i]:R}"
                            + (writer[i] >= 0 ? $", and part {writer[i]} wrote it too." : "."));
                    }

                    writer[i] = index;
                }
            }

            for (int i = 0; i < whole.Length; i++)
            {
                if (!Same(whole[i], before[i]) && writer[i] < 0)
                {
                    throw new XunitException($"{context}: no part of {count} wrote float {i}, which the whole call sets to {whole[i]:R}.");
                }
            }

            using (SplitCase call = create())
            {
                for (int index = 0; index < count; index++)
                {
                    call.Run(new Part(index, count));
                }

                AssertBitwise(whole, call.Output, $"{context}, {count} parts in turn");
            }

            using (SplitCase call = create())
            {
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count }, index => call.Run(new Part(index, count)));
                AssertBitwise(whole, call.Output, $"{context}, {count} parts on concurrent threads");
            }
        }
    }

    /// <summary>The output span after a part that computes units <c>[start, end)</c>: those units' floats as the whole call wrote them, the rest as before.</summary>
    private static float[] Expected(float[] before, float[] whole, int[] owners, int start, int end)
    {
        var expected = (float[])before.Clone();
        for (int i = 0; i < expected.Length; i++)
        {
            if (owners[i] >= start && owners[i] < end)
            {
                expected[i] = whole[i];
            }
        }

        return expected;
    }

    private static bool Same(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    private static void AssertBitwise(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                throw new XunitException($"{context}: float {i} of the output span is {actual[i]:R}, expected {expected[i]:R}.");
            }
        }
    }

    /// <summary>Fresh buffers for one run of a kernel call, built the same way every time.</summary>
    private abstract class SplitCase : IDisposable
    {
        /// <summary>The work items a part's range is taken of: channels or output rows.</summary>
        public abstract int Units { get; }

        /// <summary>The kernel's chunk of units (<see cref="Part.Range"/>).</summary>
        public abstract int Granule { get; }

        /// <summary>Every float the call could write, and the floats around its outputs that it must not.</summary>
        public abstract Span<float> Output { get; }

        /// <summary>For each float of <see cref="Output"/>, the unit whose output it is; -1 for none.</summary>
        public abstract int[] Owners();

        public abstract void Run(Part part);

        public abstract void Dispose();
    }

    /// <summary>
    /// A 3x3 window kernel on a <see cref="PlanarWorkspace"/> with as many output channels as input channels: with the
    /// interleaved layout its output span is the whole arena, input planes included.
    /// </summary>
    private sealed class PlanarCase(Layout layout, float[] input, int channels, int inputPixels, int outputPixels,
        Action<PlanarWorkspace, Part> run) : SplitCase
    {
        private readonly PlanarWorkspace _workspace = new(layout, input, channels, inputPixels, channels, outputPixels,
            TestData.Random(channels, inputPixels, outputPixels));

        public override int Units => channels;

        public override int Granule => 1;

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
    private sealed class VectorCase(int units, int granule, VectorCase.Call run, PlanarWorkspace? input = null) : SplitCase
    {
        private readonly GuardedBuffer _output = Filled(new GuardedBuffer(units));

        public delegate void Call(Span<float> output, Part part);

        public override int Units => units;

        public override int Granule => granule;

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
