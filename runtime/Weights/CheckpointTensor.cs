using System;
using System.Collections.Generic;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// One tensor of a PyTorch checkpoint: a view of <paramref name="Size"/> elements at <paramref name="Stride"/> (in elements)
/// from <paramref name="Offset"/> into storage <paramref name="StorageKey"/> (the archive entry <c>data/&lt;key&gt;</c>), already
/// checked to lie inside the storage's <paramref name="StorageElements"/>.
/// </summary>
internal sealed record CheckpointTensor(
    string Key, SafetensorsDType DType, string StorageKey, long StorageElements, long Offset, long[] Size, long[] Stride)
{
    public IReadOnlyList<long> Shape => Size;

    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long d in Size) count *= d;
            return count;
        }
    }

    /// <summary>True when the elements are stored row-major without gaps (strides of size-1 dimensions do not matter).</summary>
    public bool IsContiguous
    {
        get
        {
            long expected = 1;
            for (int d = Size.Length - 1; d >= 0; d--)
            {
                if (Size[d] != 1 && Stride[d] != expected) return false;
                expected *= Size[d];
            }

            return true;
        }
    }

    /// <summary>One past the highest storage element the view touches, relative to <see cref="Offset"/> (0 for an empty tensor).</summary>
    public long Extent
    {
        get
        {
            if (ElementCount == 0) return 0;
            long last = 0;
            for (int d = 0; d < Size.Length; d++) last += (Size[d] - 1) * Stride[d];
            return last + 1;
        }
    }

    /// <summary>
    /// The storage index (relative to <see cref="Offset"/>) of every element in row-major order, for a view that is not contiguous.
    /// </summary>
    public void ForEachIndex(Action<long, long> visit)
    {
        long count = ElementCount;
        var index = new long[Size.Length];
        long source = 0;
        for (long n = 0; n < count; n++)
        {
            visit(n, source);
            for (int d = Size.Length - 1; d >= 0; d--)
            {
                source += Stride[d];
                if (++index[d] < Size[d]) break;
                source -= Stride[d] * Size[d];
                index[d] = 0;
            }
        }
    }
}
