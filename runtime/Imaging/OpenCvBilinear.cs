using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>
/// OpenCV's <c>cv2.resize(INTER_LINEAR)</c> on 8-bit pixels, computed as imgproc's resize.cpp does, so the bytes match:
/// source coordinate <c>(d + 0.5) · scale − 0.5</c>, two taps per axis with 11-bit weights (<c>INTER_RESIZE_COEF_BITS</c>),
/// columns clamped to the image with the weight moved to the edge pixel, rows clamped with their weights kept, a
/// horizontal pass kept in 32-bit integers and a vertical pass rounded as its SIMD path rounds
/// (<c>((b0 · (s0 &gt;&gt; 4)) &gt;&gt; 16 + (b1 · (s1 &gt;&gt; 4)) &gt;&gt; 16 + 2) &gt;&gt; 2</c>). An exact 2× reduction on
/// both axes is the 2×2 average OpenCV switches to (<c>INTER_AREA</c>). Only the crop window's pixels are computed.
/// </summary>
internal static class OpenCvBilinear
{
    private const int CoefficientBits = 11;
    private const int One = 1 << CoefficientBits;

    public static void Resize(ReadOnlySpan<byte> rgb, int width, int height, CropWindow crop, Span<byte> output)
    {
        (int x0, int columns) = crop.Columns;
        (int y0, int rows) = crop.Rows;
        if (columns == 0 || rows == 0) return;
        double scaleX = 1.0 / ((double)crop.ResizedWidth / width);
        double scaleY = 1.0 / ((double)crop.ResizedHeight / height);
        if (IsHalving(scaleX) && IsHalving(scaleY))
        {
            Halve(rgb, width, crop, output);
            return;
        }

        using var xTaps = ResizeTaps.Rent(columns, 2);
        using var yTaps = ResizeTaps.Rent(rows, 2);
        for (int i = 0; i < columns; i++) ColumnTaps(scaleX, crop.Left + x0 + i, width, xTaps, i);
        for (int i = 0; i < rows; i++) RowTaps(scaleY, crop.Top + y0 + i, yTaps, i);

        int rowLength = columns * 3;
        int[] above = ArrayPool<int>.Shared.Rent(rowLength), below = ArrayPool<int>.Shared.Rent(rowLength), sums = ArrayPool<int>.Shared.Rent(rowLength);
        try
        {
            for (int y = 0; y < rows; y++)
            {
                // Rows past the border are clamped and keep their weights, as OpenCV's row fetch does.
                int top = Math.Clamp(yTaps.Start[y], 0, height - 1), bottom = Math.Clamp(yTaps.Start[y] + 1, 0, height - 1);
                Horizontal(rgb.Slice(top * width * 3, width * 3), xTaps, columns, above.AsSpan(0, rowLength));
                Horizontal(rgb.Slice(bottom * width * 3, width * 3), xTaps, columns, below.AsSpan(0, rowLength));
                Vertical(above.AsSpan(0, rowLength), below.AsSpan(0, rowLength), yTaps.Weight(y, 0), yTaps.Weight(y, 1),
                    sums.AsSpan(0, rowLength));
                ResizeTaps.StoreBytes(sums.AsSpan(0, rowLength), 2, 2, output.Slice(((y0 + y) * crop.Width + x0) * 3, rowLength));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(above);
            ArrayPool<int>.Shared.Return(below);
            ArrayPool<int>.Shared.Return(sums);
        }
    }

    /// <summary>resize.cpp: <c>is_area_fast</c> with an integer scale of 2 turns INTER_LINEAR into INTER_AREA.</summary>
    private static bool IsHalving(double scale) => Math.Abs(scale - 2.0) < DoubleEpsilon;

    /// <summary>C's DBL_EPSILON (not <see cref="double.Epsilon"/>, the smallest subnormal).</summary>
    private const double DoubleEpsilon = 2.220446049250313e-16;

    /// <summary>The column's source pixel and its two weights: <c>sx = floor(fx)</c>, clamped to the image with fx = 0 there.</summary>
    private static void ColumnTaps(double scale, int dx, int width, ResizeTaps taps, int slot)
    {
        float fx = (float)((dx + 0.5) * scale - 0.5);
        int sx = (int)MathF.Floor(fx);
        fx -= sx;
        if (sx < 0) { fx = 0; sx = 0; }
        if (sx >= width - 1) { fx = 0; sx = width - 1; }
        taps.Start[slot] = sx;
        taps.Count[slot] = 2;
        taps.SetWeight(slot, 0, Round((1f - fx) * One));
        taps.SetWeight(slot, 1, Round(fx * One));
    }

    /// <summary>The row's first source row <c>floor(fy)</c> (not clamped: the caller clamps both rows) and its two weights.</summary>
    private static void RowTaps(double scale, int dy, ResizeTaps taps, int slot)
    {
        float fy = (float)((dy + 0.5) * scale - 0.5);
        int sy = (int)MathF.Floor(fy);
        fy -= sy;
        taps.Start[slot] = sy;
        taps.Count[slot] = 2;
        taps.SetWeight(slot, 0, Round((1f - fy) * One));
        taps.SetWeight(slot, 1, Round(fy * One));
    }

    /// <summary><c>saturate_cast&lt;short&gt;</c>: round half to even.</summary>
    private static int Round(float value) => (int)MathF.Round(value, MidpointRounding.ToEven);

    private static void Horizontal(ReadOnlySpan<byte> row, ResizeTaps taps, int columns, Span<int> output)
    {
        int last = row.Length / 3 - 1;
        for (int i = 0; i < columns; i++)
        {
            int a = taps.Weight(i, 0), b = taps.Weight(i, 1);
            int p = taps.Start[i] * 3, q = Math.Min(taps.Start[i] + 1, last) * 3;
            output[3 * i] = row[p] * a + row[q] * b;
            output[3 * i + 1] = row[p + 1] * a + row[q + 1] * b;
            output[3 * i + 2] = row[p + 2] * a + row[q + 2] * b;
        }
    }

    /// <summary>VResizeLinearVec_32s8u before its final (x + 2) &gt;&gt; 2: the two rows' 16-bit high products.</summary>
    private static void Vertical(ReadOnlySpan<int> above, ReadOnlySpan<int> below, int b0, int b1, Span<int> sum)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<int>> s0 = MemoryMarshal.Cast<int, Vector<int>>(above), s1 = MemoryMarshal.Cast<int, Vector<int>>(below);
            Span<Vector<int>> d = MemoryMarshal.Cast<int, Vector<int>>(sum);
            var w0 = new Vector<int>(b0);
            var w1 = new Vector<int>(b1);
            for (int v = 0; v < d.Length; v++)
            {
                d[v] = Vector.ShiftRightArithmetic(w0 * Vector.ShiftRightArithmetic(s0[v], 4), 16)
                    + Vector.ShiftRightArithmetic(w1 * Vector.ShiftRightArithmetic(s1[v], 4), 16);
            }
            i = d.Length * Vector<int>.Count;
        }
        for (; i < sum.Length; i++) sum[i] = ((b0 * (above[i] >> 4)) >> 16) + ((b1 * (below[i] >> 4)) >> 16);
    }

    /// <summary>resizeAreaFast with a 2×2 window: each output byte is the rounded mean of its four source bytes.</summary>
    private static void Halve(ReadOnlySpan<byte> rgb, int width, CropWindow crop, Span<byte> output)
    {
        (int x0, int columns) = crop.Columns;
        (int y0, int rows) = crop.Rows;
        int stride = width * 3;
        for (int y = 0; y < rows; y++)
        {
            int sy = 2 * (crop.Top + y0 + y);
            ReadOnlySpan<byte> r0 = rgb.Slice(sy * stride, stride), r1 = rgb.Slice((sy + 1) * stride, stride);
            Span<byte> dst = output.Slice(((y0 + y) * crop.Width + x0) * 3, columns * 3);
            for (int x = 0; x < columns; x++)
            {
                int sx = 2 * (crop.Left + x0 + x) * 3;
                for (int c = 0; c < 3; c++)
                {
                    dst[3 * x + c] = (byte)((r0[sx + c] + r0[sx + 3 + c] + r1[sx + c] + r1[sx + 3 + c] + 2) >> 2);
                }
            }
        }
    }
}
