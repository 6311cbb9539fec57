using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>
/// PIL's <c>Image.resize(size, BILINEAR)</c> on 8-bit RGB, computed as Pillow's Resample.c does, so the bytes match: a
/// triangle filter of support 1 widened by the scale when downscaling (the antialiasing), weights normalised per output
/// pixel and rounded to 22-bit fixed point, a horizontal pass rounded to bytes, then a vertical pass rounded to bytes.
/// Only the crop window's pixels are computed.
/// </summary>
internal static class PillowBilinear
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const int Half = 1 << (PrecisionBits - 1);

    public static void Resize(ReadOnlySpan<byte> rgb, int width, int height, CropWindow crop, Span<byte> output)
    {
        (int x0, int columns) = crop.Columns;
        (int y0, int rows) = crop.Rows;
        if (columns == 0 || rows == 0) return;
        using var xTaps = ResizeTaps.Rent(columns, Window(width, crop.ResizedWidth));
        using var yTaps = ResizeTaps.Rent(rows, Window(height, crop.ResizedHeight));
        for (int i = 0; i < columns; i++) Coefficients(width, crop.ResizedWidth, crop.Left + x0 + i, xTaps, i);
        for (int i = 0; i < rows; i++) Coefficients(height, crop.ResizedHeight, crop.Top + y0 + i, yTaps, i);

        int firstRow = yTaps.Start[0];
        int sourceRows = yTaps.Start[rows - 1] + yTaps.Count[rows - 1] - firstRow;
        int rowLength = columns * 3;
        int[] horizontal = ArrayPool<int>.Shared.Rent(sourceRows * rowLength);
        int[] sums = ArrayPool<int>.Shared.Rent(rowLength);
        try
        {
            for (int r = 0; r < sourceRows; r++)
            {
                Horizontal(rgb.Slice((firstRow + r) * width * 3, width * 3), xTaps, columns, horizontal.AsSpan(r * rowLength, rowLength));
            }
            for (int y = 0; y < rows; y++)
            {
                Span<int> sum = sums.AsSpan(0, rowLength);
                sum.Fill(Half);
                int start = yTaps.Start[y] - firstRow;
                for (int k = 0; k < yTaps.Count[y]; k++)
                {
                    AddScaled(horizontal.AsSpan((start + k) * rowLength, rowLength), yTaps.Weight(y, k), sum);
                }
                StoreBytes(sum, output.Slice(((y0 + y) * crop.Width + x0) * 3, rowLength));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(horizontal);
            ArrayPool<int>.Shared.Return(sums);
        }
    }

    /// <summary>Pillow's <c>ksize</c>: taps one output pixel may use.</summary>
    private static int Window(int inSize, int outSize)
    {
        double filterScale = Math.Max((double)inSize / outSize, 1.0);
        return (int)Math.Ceiling(filterScale) * 2 + 1;
    }

    /// <summary>Pillow's <c>precompute_coeffs</c> for one output pixel, then <c>normalize_coeffs_8bpc</c>.</summary>
    private static void Coefficients(int inSize, int outSize, int output, ResizeTaps taps, int slot)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = filterScale;
        double center = (output + 0.5) * scale;
        double inverse = 1.0 / filterScale;
        int min = Math.Max((int)(center - support + 0.5), 0);
        int count = Math.Min((int)(center + support + 0.5), inSize) - min;
        Span<double> weights = stackalloc double[taps.Window];
        double total = 0;
        for (int x = 0; x < count; x++)
        {
            double w = Triangle((x + min - center + 0.5) * inverse);
            weights[x] = w;
            total += w;
        }
        taps.Start[slot] = min;
        taps.Count[slot] = count;
        for (int x = 0; x < count; x++)
        {
            double k = total != 0 ? weights[x] / total : weights[x];
            taps.SetWeight(slot, x, k < 0 ? (int)(-0.5 + k * (1 << PrecisionBits)) : (int)(0.5 + k * (1 << PrecisionBits)));
        }
    }

    private static double Triangle(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static void Horizontal(ReadOnlySpan<byte> row, ResizeTaps taps, int columns, Span<int> output)
    {
        for (int i = 0; i < columns; i++)
        {
            int r = Half, g = Half, b = Half;
            int start = taps.Start[i];
            ReadOnlySpan<int> weights = taps.Weights(i);
            for (int k = 0; k < weights.Length; k++)
            {
                int w = weights[k];
                int p = (start + k) * 3;
                r += row[p] * w;
                g += row[p + 1] * w;
                b += row[p + 2] * w;
            }
            output[3 * i] = Clip8(r);
            output[3 * i + 1] = Clip8(g);
            output[3 * i + 2] = Clip8(b);
        }
    }

    private static int Clip8(int sum) => Math.Clamp(sum >> PrecisionBits, 0, 255);

    /// <summary>sum += row × weight, a vector of pixels at a time.</summary>
    private static void AddScaled(ReadOnlySpan<int> row, int weight, Span<int> sum)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<int>> rows = MemoryMarshal.Cast<int, Vector<int>>(row);
            Span<Vector<int>> sums = MemoryMarshal.Cast<int, Vector<int>>(sum);
            var w = new Vector<int>(weight);
            for (int v = 0; v < rows.Length; v++) sums[v] += rows[v] * w;
            i = rows.Length * Vector<int>.Count;
        }
        for (; i < row.Length; i++) sum[i] += row[i] * weight;
    }

    private static void StoreBytes(ReadOnlySpan<int> sum, Span<byte> output) => ResizeTaps.StoreBytes(sum, PrecisionBits, 0, output);
}
