using System;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Reference;

/// <summary>A batch of one named tensor, NCHW float32 as PyTorch holds it between modules.</summary>
internal sealed class Activation
{
    public Activation(int batch, TensorShape shape, float[] data)
    {
        if (data.LongLength != batch * shape.Elements)
        {
            throw new ArgumentException($"A batch of {batch} tensors of shape {shape} needs {batch * shape.Elements} values, got {data.LongLength}.", nameof(data));
        }
        Batch = batch;
        Shape = shape;
        Data = data;
    }

    public int Batch { get; }
    public TensorShape Shape { get; }
    public float[] Data { get; }

    /// <summary>Start of image <paramref name="n"/>, channel <paramref name="c"/> in <see cref="Data"/>.</summary>
    public int PlaneOffset(int n, int c) => (n * Shape.Channels + c) * Shape.Pixels;
}
