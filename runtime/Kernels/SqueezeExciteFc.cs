using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// A 1x1 convolution over a 1x1 map (squeeze-and-excitation's <c>fc1</c> and <c>fc2</c>, <c>nn.Conv2d(C, S, 1)</c> with bias):
/// a matrix-vector product, so it runs <see cref="HiddenLinear"/>'s dot products over weights stored row-major
/// <c>[out][in]</c>, with the activation in its store; <see cref="Conv1x1"/>'s tiles, which broadcast weights over vectors of
/// pixels, have one pixel to fill here. Planes are one float each, read and written through plane tables like any 1x1
/// conv's (so such a conv can still write into a concat's planes).
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class SqueezeExciteFc
{
    /// <summary>Most channels a one-pixel tensor read or written through a plane table is gathered into on the stack (64 KB).</summary>
    internal const int MaxTableChannels = 16384;

    /// <summary>One output vector from one input vector, activated, with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">The input's planes of one pixel each.</param>
    /// <param name="inputTable">Plane of each input channel; empty for planes <c>0..inChannels-1</c>.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="weights">Weights, <c>outChannels * inChannels</c> floats, row-major.</param>
    /// <param name="bias">Bias, <paramref name="outChannels"/> floats.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="output">The output's planes of one pixel each.</param>
    /// <param name="outputTable">Plane of each output channel; empty for planes <c>0..outChannels-1</c>.</param>
    /// <param name="activation">Applied to each output value.</param>
    /// <param name="part">The share of the output channels, as <see cref="Linear"/> splits its rows.</param>
    /// <exception cref="ArgumentException">A size is not positive, a span or table has the wrong length or the activation is undefined.</exception>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputTable, int inChannels, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, int outChannels, Span<float> output, ReadOnlySpan<int> outputTable, Activation activation, Part part = default) =>
        Run(input, inputTable, inChannels, weights, bias, outChannels, output, outputTable, activation, KernelDispatch.Widest, part);

    /// <summary>Computes with at most <paramref name="width"/>-bit vectors (tests pin each path this way).</summary>
    internal static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputTable, int inChannels, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, int outChannels, Span<float> output, ReadOnlySpan<int> outputTable, Activation activation,
        VectorWidth width, Part part = default)
    {
        KernelArguments.Positive(inChannels, nameof(inChannels));
        KernelArguments.Positive(outChannels, nameof(outChannels));
        KernelArguments.ExactLength(bias.Length, outChannels, nameof(bias));
        KernelArguments.PlaneTable(inputTable, inChannels, 1, input.Length, nameof(inputTable), nameof(input));
        KernelArguments.PlaneTable(outputTable, outChannels, 1, output.Length, nameof(outputTable), nameof(output));
        if (inChannels > MaxTableChannels && !inputTable.IsEmpty)
        {
            throw new ArgumentException($"{nameof(inputTable)} must be empty above {MaxTableChannels} channels: expected at most {MaxTableChannels}, got {inChannels}.", nameof(inputTable));
        }

        if (outChannels > MaxTableChannels && !outputTable.IsEmpty)
        {
            throw new ArgumentException($"{nameof(outputTable)} must be empty above {MaxTableChannels} channels: expected at most {MaxTableChannels}, got {outChannels}.", nameof(outputTable));
        }

        // SE's fc1 and fc2 read the pool's and write the gates' own buffers (no tables); a table is gathered or scattered.
        Span<float> gathered = inputTable.IsEmpty ? default : stackalloc float[inChannels];
        for (int c = 0; c < gathered.Length; c++)
        {
            gathered[c] = input[inputTable[c]];
        }

        ReadOnlySpan<float> x = inputTable.IsEmpty ? input : gathered;
        if (outputTable.IsEmpty)
        {
            HiddenLinear.Run(x, inChannels, weights, bias, outChannels, output, activation, width, part);
            return;
        }

        Span<float> y = stackalloc float[outChannels];
        HiddenLinear.Run(x, inChannels, weights, bias, outChannels, y, activation, width, part);
        (int first, int end) = part.Range(outChannels, Linear.PartGranule);
        for (int c = first; c < end; c++)
        {
            output[outputTable[c]] = y[c];
        }
    }
}
