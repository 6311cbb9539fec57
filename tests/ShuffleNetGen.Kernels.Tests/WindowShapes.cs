using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>Channel counts x awkward spatial sizes x both strides, shared by the 3x3 window kernels' tests.</summary>
internal static class WindowShapes
{
    private static readonly int[] Channels = [1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 24, 58];
    private static readonly (int Height, int Width)[] Sizes = [(1, 1), (2, 3), (7, 7), (15, 7), (18, 17), (25, 33), (3, 40), (14, 14)];

    public static TheoryData<int, int, int, int> Create()
    {
        var data = new TheoryData<int, int, int, int>();
        for (int i = 0; i < Sizes.Length; i++)
        {
            foreach (int stride in new[] { 1, 2 })
            {
                data.Add(Channels[(i * 7) % Channels.Length], Sizes[i].Height, Sizes[i].Width, stride);
                data.Add(Channels[((i * 7) + 5) % Channels.Length], Sizes[i].Height, Sizes[i].Width, stride);
            }
        }

        data.Add(24, 56, 56, 2);
        data.Add(58, 28, 28, 1);
        data.Add(17, 37, 70, 2);

        // The vector path's scratch (DepthwiseConv3x3.MaxScratchFloats, 4096): 7x7 .. 28x28 stride 1 are flat planes; 30x40
        // is padded rows in one band; 150x40 and 300x40 take two or more bands at either stride; rows wider than three
        // padded rows of scratch take the plain loop nest.
        data.Add(232, 7, 7, 1);
        data.Add(116, 14, 14, 2);

        // Stride 2 on planes whose parity planes fit the scratch twice (28x28 and smaller): one flat run of output
        // vectors; odd and even sizes, a single row or column, rows wider than two vectors, and V2's 116@28x28.
        data.Add(116, 28, 28, 2);
        data.Add(5, 13, 31, 2);
        data.Add(3, 1, 33, 2);
        data.Add(3, 33, 1, 2);
        data.Add(2, 2, 2, 2);
        data.Add(4, 4, 64, 2);
        data.Add(6, 9, 36, 2);
        data.Add(3, 30, 40, 1);
        data.Add(3, 150, 40, 1);
        data.Add(5, 150, 40, 2);
        data.Add(3, 300, 40, 1);
        data.Add(5, 300, 40, 2);
        data.Add(1, 2, 2800, 1);
        data.Add(2, 3, 4100, 2);

        // The AVX-512 row kernels' chunks of 16 output columns: exactly one and two whole chunks (no masked store), a
        // stride-2 odd width whose last right tap is the padding, and a chunk past the first at both strides.
        data.Add(3, 5, 16, 1);
        data.Add(2, 6, 32, 1);
        data.Add(3, 5, 32, 2);
        data.Add(2, 6, 31, 2);
        data.Add(2, 9, 66, 2);

        // The AVX2 row kernels' chunks of 8 output columns: one whole chunk, a chunk and one column (the last overlaps the
        // first), interior chunks between masked ends, and rows narrower than a chunk, whose stores run into the next row.
        data.Add(3, 5, 8, 1);
        data.Add(2, 4, 9, 1);
        data.Add(3, 6, 26, 1);
        data.Add(2, 5, 15, 2);
        data.Add(2, 5, 18, 2);
        data.Add(3, 4, 50, 2);
        data.Add(4, 11, 3, 1);
        data.Add(4, 11, 6, 2);
        return data;
    }
}
