using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// The vector operations the kernels are written against, implemented once per width, so each kernel
/// body is one generic method the JIT specialises for <see cref="Vector128{T}"/>, <see cref="Vector256{T}"/>
/// and <see cref="Vector512{T}"/> (the TensorPrimitives operator pattern).
/// </summary>
internal unsafe interface IFloatVector<TVec>
    where TVec : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TVec Zero { get; }

    static abstract TVec Load(float* source);

    static abstract void Store(float* destination, TVec value);

    static abstract TVec Broadcast(float value);

    /// <summary><c>a * b + c</c>, fused where the hardware has FMA, a multiply and an add otherwise.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    static abstract TVec Add(TVec a, TVec b);

    /// <summary>IEEE maximum (NaN propagates), as <c>torch.max_pool2d</c>.</summary>
    static abstract TVec Max(TVec a, TVec b);

    /// <summary>The store's activation at this width.</summary>
    static abstract TVec Activate<TActivation>(TVec value) where TActivation : struct, IActivationOperator;

    /// <summary>A mask with the lanes at index <paramref name="firstLane"/> and above set.</summary>
    static abstract TVec LanesFrom(int firstLane);

    /// <summary>Lanes of <paramref name="ifSet"/> where <paramref name="mask"/> is set, of <paramref name="ifClear"/> elsewhere.</summary>
    static abstract TVec Select(TVec mask, TVec ifSet, TVec ifClear);

    /// <summary>
    /// Loads <c>2 * Count</c> floats and splits them into the even-indexed and odd-indexed ones,
    /// which is how a stride-2 window reads its columns.
    /// </summary>
    static abstract void LoadDeinterleaved(float* source, out TVec even, out TVec odd);

    /// <summary>Sum of all lanes.</summary>
    static abstract float Sum(TVec value);
}
