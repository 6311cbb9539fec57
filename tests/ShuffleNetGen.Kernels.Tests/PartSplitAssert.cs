using System;
using System.Threading.Tasks;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;
using Xunit.Sdk;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// The check every split kernel's tests share: a call split into parts (<see cref="Part"/>) computes bitwise what the whole
/// call computes, each part alone writing a share no other part writes, the parts together, one after another or on
/// concurrent threads, leaving the output exactly as the whole call does.
/// </summary>
internal static class PartSplitAssert
{
    /// <summary>
    /// Runs the whole call, then for each count in 2, 3 and 4 parts: every part alone, all parts one after another,
    /// and all parts on concurrent threads, each on fresh buffers from <paramref name="create"/>, comparing bit patterns.
    /// </summary>
    public static void TilesTheWholeCall(string context, Func<SplitCase> create)
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
        foreach (int count in new[] { 2, 3, 4 })
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
    internal abstract class SplitCase : IDisposable
    {
        /// <summary>The work items a part's range is taken of: channels or output rows.</summary>
        public abstract int Units { get; }


        /// <summary>Every float the call could write, and the floats around its outputs that it must not.</summary>
        public abstract Span<float> Output { get; }

        /// <summary>For each float of <see cref="Output"/>, the unit whose output it is; -1 for none.</summary>
        public abstract int[] Owners();

        public abstract void Run(Part part);

        public abstract void Dispose();
    }

    /// <summary>
    /// A kernel writing whole planes of a plain output buffer: unit u (an output channel) owns plane
    /// <c>planes[u]</c> of <paramref name="planeFloats"/> floats; the buffer starts as <paramref name="initial"/>, or NaN.
    /// </summary>
    internal sealed class BufferCase(int outputFloats, float[]? initial, int[] planes, int planeFloats, Action<Span<float>, Part> run)
        : SplitCase
    {
        private readonly float[] _output = Initial(outputFloats, initial);

        public override int Units => planes.Length;

        public override Span<float> Output => _output;

        public override int[] Owners()
        {
            int[] owners = new int[_output.Length];
            owners.AsSpan().Fill(-1);
            for (int u = 0; u < planes.Length; u++)
            {
                owners.AsSpan(planes[u] * planeFloats, planeFloats).Fill(u);
            }

            return owners;
        }

        public override void Run(Part part) => run(_output, part);

        public override void Dispose()
        {
        }

        private static float[] Initial(int length, float[]? initial)
        {
            if (initial is not null)
            {
                return (float[])initial.Clone();
            }

            var values = new float[length];
            values.AsSpan().Fill(float.NaN);
            return values;
        }
    }
}
