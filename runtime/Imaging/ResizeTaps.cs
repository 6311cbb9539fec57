using System;
using System.Buffers;
using System.Numerics;

namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>
/// One axis of a separable resize: for each output pixel, the first input pixel and the fixed-point weights of the taps
/// from there on. Arrays come from the shared pool and go back on <see cref="Dispose"/>, so a resize allocates nothing
/// once the pool holds arrays of its size.
/// </summary>
internal readonly struct ResizeTaps : IDisposable
{
    private readonly int[] _weights;

    private ResizeTaps(int outputs, int window)
    {
        Window = window;
        Start = ArrayPool<int>.Shared.Rent(outputs);
        Count = ArrayPool<int>.Shared.Rent(outputs);
        _weights = ArrayPool<int>.Shared.Rent(outputs * window);
    }

    /// <summary>Most taps one output pixel has.</summary>
    public int Window { get; }

    public int[] Start { get; }

    public int[] Count { get; }

    public static ResizeTaps Rent(int outputs, int window) => new(outputs, window);

    public ReadOnlySpan<int> Weights(int output) => _weights.AsSpan(output * Window, Count[output]);

    public int Weight(int output, int tap) => _weights[output * Window + tap];

    public void SetWeight(int output, int tap, int weight) => _weights[output * Window + tap] = weight;

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(Start);
        ArrayPool<int>.Shared.Return(Count);
        ArrayPool<int>.Shared.Return(_weights);
    }

    /// <summary>output = clamp((sum + round) >> shift, 0, 255), a vector of bytes at a time.</summary>
    public static void StoreBytes(ReadOnlySpan<int> sum, int shift, int round, Span<byte> output)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int lanes = Vector<int>.Count;
            var max = new Vector<int>(255);
            var bias = new Vector<int>(round);
            for (; i + 4 * lanes <= sum.Length; i += 4 * lanes)
            {
                Vector<short> low = Vector.Narrow(Clamp(sum, i, bias, shift, max), Clamp(sum, i + lanes, bias, shift, max));
                Vector<short> high = Vector.Narrow(Clamp(sum, i + 2 * lanes, bias, shift, max), Clamp(sum, i + 3 * lanes, bias, shift, max));
                // Every value is 0..255, so keeping the low byte of each is exact.
                Vector.AsVectorByte(Vector.Narrow(low, high)).CopyTo(output.Slice(i));
            }
        }
        for (; i < sum.Length; i++) output[i] = (byte)Math.Clamp((sum[i] + round) >> shift, 0, 255);
    }

    private static Vector<int> Clamp(ReadOnlySpan<int> sum, int at, Vector<int> bias, int shift, Vector<int> max) =>
        Vector.Min(Vector.Max(Vector.ShiftRightArithmetic(new Vector<int>(sum.Slice(at)) + bias, shift), Vector<int>.Zero), max);
}
