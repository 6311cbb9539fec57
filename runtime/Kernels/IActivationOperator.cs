using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// One activation at every width a kernel stores (TensorPrimitives' <c>IUnaryOperator</c> shape): the scalar twin and the
/// vector paths are the same function, so a kernel generic over the operator applies it with no branch in its store.
/// </summary>
internal interface IActivationOperator
{
    static abstract float Invoke(float x);

    static abstract Vector128<float> Invoke(Vector128<float> x);

    static abstract Vector256<float> Invoke(Vector256<float> x);

    static abstract Vector512<float> Invoke(Vector512<float> x);
}
