using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// The last step of torchvision's <c>SqueezeExcitation</c>: <c>scale * input</c>, each channel's plane multiplied by its
/// gate (the hard sigmoid of the excitation, a C×1×1 tensor). The planes are updated in place, so the gated tensor takes
/// no buffer of its own; the gates come from <see cref="GlobalAveragePool"/> and two 1x1 convs over one pixel.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class SqueezeExciteScale
{
    /// <summary>Channels per chunk when a call is split into parts.</summary>
    internal const int PartGranule = 4;

    /// <summary>Multiplies each channel by its gate with the widest SIMD path this machine accelerates.</summary>
    /// <param name="gates">At least <paramref name="channels"/> floats, in logical channel order.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="planes">Arena slice holding the planes, updated in place.</param>
    /// <param name="planeTable">Plane of each channel; empty for planes <c>0..channels-1</c>.</param>
    /// <param name="height">Plane height.</param>
    /// <param name="width">Plane width.</param>
    /// <param name="part">The share of the channels to scale (<see cref="Part.Range"/> in chunks of <see cref="PartGranule"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive or a span is too short.</exception>
    public static void Run(ReadOnlySpan<float> gates, int channels, Span<float> planes, ReadOnlySpan<int> planeTable, int height, int width,
        Part part = default) =>
        Run(gates, channels, planes, planeTable, height, width, KernelDispatch.Widest, part);

    /// <summary>Scales with at most <paramref name="width"/>-bit vectors (tests pin each path this way).</summary>
    internal static unsafe void Run(ReadOnlySpan<float> gates, int channels, Span<float> planes, ReadOnlySpan<int> planeTable, int height, int width,
        VectorWidth vectorWidth, Part part = default)
    {
        KernelArguments.Positive(channels, nameof(channels));
        KernelArguments.Positive(height, nameof(height));
        KernelArguments.Positive(width, nameof(width));
        int pixels = height * width;
        KernelArguments.MinimumLength(gates.Length, channels, nameof(gates));
        KernelArguments.PlaneTable(planeTable, channels, pixels, planes.Length, nameof(planeTable), nameof(planes));
        (int first, int end) = part.Range(channels, PartGranule);
        if (first == end)
        {
            return;
        }

        channels = end - first;
        gates = gates.Slice(first, channels);
        PlaneTable.Narrow(ref planes, ref planeTable, pixels, first, channels);

        VectorWidth path = KernelDispatch.Fit(vectorWidth, pixels);
        if (path == VectorWidth.Scalar)
        {
            RunScalar(gates, channels, planes, planeTable, pixels);
            return;
        }

        fixed (float* data = planes)
        {
            for (int c = 0; c < channels; c++)
            {
                float* plane = data + ((nint)PlaneTable.Plane(planeTable, c) * pixels);
                switch (path)
                {
                    case VectorWidth.V512:
                        Scale<Vector512<float>, Vector512Ops>(plane, pixels, gates[c]);
                        break;
                    case VectorWidth.V256:
                        Scale<Vector256<float>, Vector256Ops>(plane, pixels, gates[c]);
                        break;
                    default:
                        Scale<Vector128<float>, Vector128Ops>(plane, pixels, gates[c]);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// One plane: whole vectors, then the last few pixels one by one (an overlapping last vector, TensorPrimitives' tail,
    /// would scale the overlap twice in place).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Scale<TVec, TOps>(float* plane, int pixels, float gate)
        where TVec : struct
        where TOps : IFloatVector<TVec>
    {
        TVec g = TOps.Broadcast(gate);
        TVec zero = TOps.Zero; // x * g + 0 is x * g: IFloatVector has no plain multiply
        int p = 0;
        for (; p <= pixels - TOps.Count; p += TOps.Count)
        {
            TOps.Store(plane + p, TOps.MultiplyAdd(TOps.Load(plane + p), g, zero));
        }

        for (; p < pixels; p++)
        {
            plane[p] *= gate;
        }
    }

    /// <summary>The plain loop nest over validated arguments: the scalar path and the twin the SIMD paths are tested beside.</summary>
    internal static void RunScalar(ReadOnlySpan<float> gates, int channels, Span<float> planes, ReadOnlySpan<int> planeTable, int pixels)
    {
        for (int c = 0; c < channels; c++)
        {
            Span<float> plane = planes.Slice(PlaneTable.Plane(planeTable, c) * pixels, pixels);
            for (int p = 0; p < pixels; p++)
            {
                plane[p] *= gates[c];
            }
        }
    }
}
