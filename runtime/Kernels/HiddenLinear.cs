using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// An <c>nn.Linear</c> whose output feeds another layer, with the activation that follows it (MobileNet V3's classifier:
/// Linear → Hardswish → Dropout → Linear): <see cref="Linear"/>'s dot products, then the activation over the rows this
/// part computed — a few thousand floats still in L1, against the megabytes of weights the dot products stream.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class HiddenLinear
{
    /// <summary>Computes one output vector and activates it, with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">At least <paramref name="inFeatures"/> floats.</param>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="weights">Weights, <c>outFeatures * inFeatures</c> floats, row-major.</param>
    /// <param name="bias">Bias, <paramref name="outFeatures"/> floats, or empty for none.</param>
    /// <param name="outFeatures">Output features.</param>
    /// <param name="output">At least <paramref name="outFeatures"/> floats.</param>
    /// <param name="activation">Applied to each output value.</param>
    /// <param name="part">The share of the output rows, as <see cref="Linear"/> splits them.</param>
    /// <exception cref="ArgumentException">A size is not positive, a span has the wrong length or the activation is undefined.</exception>
    public static void Run(ReadOnlySpan<float> input, int inFeatures, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outFeatures, Span<float> output, Activation activation, Part part = default) =>
        Run(input, inFeatures, weights, bias, outFeatures, output, activation, KernelDispatch.Widest, part);

    /// <summary>Computes with at most <paramref name="width"/>-bit vectors (tests pin each path this way).</summary>
    internal static void Run(ReadOnlySpan<float> input, int inFeatures, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outFeatures, Span<float> output, Activation activation, VectorWidth width, Part part = default)
    {
        KernelArguments.Defined(activation, nameof(activation));
        Linear.Run(input, inFeatures, weights, bias, outFeatures, output, width, part);
        (int first, int end) = part.Range(outFeatures, Linear.PartGranule);
        ActivationDispatch.Run(activation, new Activate(output[first..end], width));
    }

    /// <summary>The activation over a run of values, at the width the dot products ran with.</summary>
    private readonly ref struct Activate(Span<float> values, VectorWidth width) : IActivationKernel
    {
        private readonly Span<float> _values = values;

        public unsafe void Run<TActivation>() where TActivation : struct, IActivationOperator
        {
            fixed (float* v = _values)
            {
                switch (KernelDispatch.Fit(width, _values.Length))
                {
                    case VectorWidth.V512:
                        Apply<System.Runtime.Intrinsics.Vector512<float>, Vector512Ops, TActivation>(v, _values.Length);
                        break;
                    case VectorWidth.V256:
                        Apply<System.Runtime.Intrinsics.Vector256<float>, Vector256Ops, TActivation>(v, _values.Length);
                        break;
                    case VectorWidth.V128:
                        Apply<System.Runtime.Intrinsics.Vector128<float>, Vector128Ops, TActivation>(v, _values.Length);
                        break;
                    default:
                        for (int i = 0; i < _values.Length; i++)
                        {
                            _values[i] = TActivation.Invoke(_values[i]);
                        }

                        break;
                }
            }
        }

        /// <summary>Whole vectors, then the rest one by one (an overlapping last vector would activate the overlap twice in place).</summary>
        private static unsafe void Apply<TVec, TOps, TActivation>(float* values, int count)
            where TVec : struct
            where TOps : IFloatVector<TVec>
            where TActivation : struct, IActivationOperator
        {
            int i = 0;
            for (; i <= count - TOps.Count; i += TOps.Count)
            {
                TOps.Store(values + i, TOps.Activate<TActivation>(TOps.Load(values + i)));
            }

            for (; i < count; i++)
            {
                values[i] = TActivation.Invoke(values[i]);
            }
        }
    }
}
