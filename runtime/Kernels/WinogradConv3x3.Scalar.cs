using System;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class WinogradConv3x3
{
    /// <summary>
    /// The scalar path and the twin the SIMD paths are tested beside: tile by tile, the input transform of every input
    /// channel, then per output channel the 16 sums over input channels and the output transform, storing the tile's
    /// outputs inside the image and the part's rows.
    /// </summary>
    internal static void RunScalar<TActivation>(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, ReadOnlySpan<float> packedWeights,
        ReadOnlySpan<float> packedBias, Span<float> output, ReadOnlySpan<int> outputPlanes, in Shape shape)
        where TActivation : struct, IActivationOperator
    {
        int inChannels = shape.InChannels, height = shape.Height, width = shape.Width, pixels = height * width;
        Span<float> transformed = stackalloc float[Positions * inChannels];
        Span<float> patch = stackalloc float[Positions];
        Span<float> products = stackalloc float[Positions];
        for (int ty = shape.FirstTileRow; ty < shape.EndTileRow; ty++)
        {
            for (int tx = 0; tx < shape.TilesWide; tx++)
            {
                for (int ci = 0; ci < inChannels; ci++)
                {
                    ReadOnlySpan<float> plane = input.Slice(PlaneTable.Plane(inputPlanes, ci) * pixels, pixels);
                    for (int r = 0; r < 4; r++)
                    {
                        int iy = (2 * ty) - 1 + r;
                        for (int c = 0; c < 4; c++)
                        {
                            int ix = (2 * tx) - 1 + c;
                            patch[(r * 4) + c] = (uint)iy < (uint)height && (uint)ix < (uint)width ? plane[(iy * width) + ix] : 0f;
                        }
                    }

                    TransformInput(patch, transformed.Slice(ci * Positions, Positions));
                }

                for (int co = 0; co < shape.OutChannels; co++)
                {
                    int block = co / BlockChannels, lane = co % BlockChannels;
                    for (int xi = 0; xi < Positions; xi++)
                    {
                        int weights = (((block * Positions) + xi) * inChannels * BlockChannels) + lane;
                        float sum = 0f;
                        for (int ci = 0; ci < inChannels; ci++)
                        {
                            sum += packedWeights[weights + (ci * BlockChannels)] * transformed[(ci * Positions) + xi];
                        }

                        products[xi] = sum;
                    }

                    Span<float> plane = output.Slice(PlaneTable.Plane(outputPlanes, co) * pixels, pixels);
                    for (int dy = 0; dy < 2; dy++)
                    {
                        int oy = (2 * ty) + dy;
                        if (oy < shape.FirstRow || oy >= shape.EndRow)
                        {
                            continue;
                        }

                        for (int dx = 0; dx < 2 && (2 * tx) + dx < width; dx++)
                        {
                            plane[(oy * width) + (2 * tx) + dx] = TActivation.Invoke(TransformOutput(products, dy, dx) + packedBias[co]);
                        }
                    }
                }
            }
        }
    }

    /// <summary><c>V = B^T d B</c> of one 4x4 patch, with <c>B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]</c>.</summary>
    private static void TransformInput(ReadOnlySpan<float> d, Span<float> v)
    {
        Span<float> h = stackalloc float[Positions];
        for (int r = 0; r < 4; r++)
        {
            float c0 = d[r * 4], c1 = d[(r * 4) + 1], c2 = d[(r * 4) + 2], c3 = d[(r * 4) + 3];
            h[r * 4] = c0 - c2;
            h[(r * 4) + 1] = c1 + c2;
            h[(r * 4) + 2] = c2 - c1;
            h[(r * 4) + 3] = c1 - c3;
        }

        for (int j = 0; j < 4; j++)
        {
            float r0 = h[j], r1 = h[4 + j], r2 = h[8 + j], r3 = h[12 + j];
            v[j] = r0 - r2;
            v[4 + j] = r1 + r2;
            v[8 + j] = r2 - r1;
            v[12 + j] = r1 - r3;
        }
    }

    /// <summary>Output (dy, dx) of <c>Y = A^T M A</c>, with <c>A^T = [1 1 1 0; 0 1 -1 -1]</c>.</summary>
    private static float TransformOutput(ReadOnlySpan<float> m, int dy, int dx)
    {
        Span<float> s = stackalloc float[4];
        for (int j = 0; j < 4; j++)
        {
            s[j] = dy == 0 ? m[j] + m[4 + j] + m[8 + j] : m[4 + j] - m[8 + j] - m[12 + j];
        }

        return dx == 0 ? s[0] + s[1] + s[2] : s[1] - s[2] - s[3];
    }
}
