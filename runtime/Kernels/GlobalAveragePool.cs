using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary><c>x.mean([2, 3])</c> (torchvision ShuffleNetV2) / <c>nn.AdaptiveAvgPool2d(1)</c>: the mean of each channel's plane.</summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class GlobalAveragePool
{
    /// <summary>
    /// Channels per chunk when a call is split into parts: 16 floats are one 64-byte line of output, so two parts never
    /// write the same cache line of a 64-byte aligned output.
    /// </summary>
    internal const int PartGranule = 16;

    /// <summary>Averages each channel of one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Arena slice holding the input planes.</param>
    /// <param name="inputPlanes">Plane of each channel; empty for planes <c>0..channels-1</c>.</param>
    /// <param name="pixels">Pixels per plane.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="output">At least <paramref name="channels"/> floats: the means, in logical channel order.</param>
    /// <param name="part">
    /// The share of the channels to compute (<see cref="Part.Range"/> over <paramref name="channels"/> in chunks of
    /// <see cref="PartGranule"/>); the arguments are those of the whole call, which every part validates. <c>default</c> is the whole call.
    /// </param>
    /// <exception cref="ArgumentException">A size is not positive or a span is too short.</exception>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int pixels, int channels, Span<float> output,
        Part part = default) =>
        Run(input, inputPlanes, pixels, channels, output, KernelDispatch.Widest, part);

    /// <summary>Averages with at most <paramref name="width"/>-bit vectors (tests pin each path this way).</summary>
    internal static unsafe void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int pixels, int channels, Span<float> output,
        VectorWidth width, Part part = default)
    {
        KernelArguments.Positive(pixels, nameof(pixels));
        KernelArguments.Positive(channels, nameof(channels));
        KernelArguments.PlaneTable(inputPlanes, channels, pixels, input.Length, nameof(inputPlanes), nameof(input));
        KernelArguments.MinimumLength(output.Length, channels, nameof(output));
        (int first, int end) = part.Range(channels, PartGranule);
        if (first == end)
        {
            return;
        }

        channels = end - first;
        output = output.Slice(first, channels);
        PlaneTable.Narrow(ref input, ref inputPlanes, pixels, first, channels);

        VectorWidth path = KernelDispatch.Fit(width, pixels);
        if (path == VectorWidth.Scalar)
        {
            RunScalar(input, inputPlanes, pixels, channels, output);
            return;
        }

        fixed (float* source = input)
        {
            switch (path)
            {
                case VectorWidth.V512:
                    Means<Vector512<float>, Vector512Ops>(source, inputPlanes, pixels, output);
                    break;
                case VectorWidth.V256:
                    Means<Vector256<float>, Vector256Ops>(source, inputPlanes, pixels, output);
                    break;
                default:
                    Means<Vector128<float>, Vector128Ops>(source, inputPlanes, pixels, output);
                    break;
            }
        }
    }

    /// <summary>
    /// The vector paths' loop over channels, compiled fully optimized from the first call: as tier-0 code (its calls not
    /// inlined) the loop cost about 60 µs of 1024 channels in V2 1.0x's profile, where the sums themselves take 10-15.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Means<TVec, TOps>(float* source, ReadOnlySpan<int> inputPlanes, int pixels, Span<float> output)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        for (int c = 0; c < output.Length; c++)
        {
            float* plane = source + ((nint)PlaneTable.Plane(inputPlanes, c) * pixels);
            output[c] = Reduction.Sum<TVec, TOps>(plane, pixels) / pixels;
        }
    }

    /// <summary>The plain loop nest over validated arguments: the scalar path and the twin the SIMD paths are tested beside.</summary>
    internal static void RunScalar(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int pixels, int channels, Span<float> output)
    {
        for (int c = 0; c < channels; c++)
        {
            ReadOnlySpan<float> plane = input.Slice(PlaneTable.Plane(inputPlanes, c) * pixels, pixels);
            float sum = 0;
            for (int p = 0; p < pixels; p++)
            {
                sum += plane[p];
            }

            output[c] = sum / pixels;
        }
    }
}
