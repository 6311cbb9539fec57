using System;
using System.Buffers;
using ShuffleNetGen.Runtime.Classification;

namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>
/// Image in, logits or classes out, for a generated model: preprocess into a pooled input buffer, <c>Predict</c>, then
/// softmax and top-k. Only the returned classes are allocated (and the decoded image, for encoded bytes).
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; call <c>PredictImage</c> or <c>Classify</c> on a generated model instead.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class ImageRunner
{
    public static void PredictImage(IImageClassifier model, ReadOnlySpan<byte> encodedImage, Span<float> logits)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckLogits(model, logits);
        float[] input = ArrayPool<float>.Shared.Rent(model.InputLength);
        try
        {
            Span<float> image = input.AsSpan(0, model.InputLength);
            model.Preprocessing.Preprocess(encodedImage, image);
            model.Predict(image, logits);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    public static void PredictImage(IImageClassifier model, ReadOnlySpan<byte> rgb, int width, int height, Span<float> logits)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckLogits(model, logits);
        float[] input = ArrayPool<float>.Shared.Rent(model.InputLength);
        try
        {
            Span<float> image = input.AsSpan(0, model.InputLength);
            model.Preprocessing.Preprocess(rgb, width, height, image);
            model.Predict(image, logits);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    public static ClassScore[] Classify(IImageClassifier model, ReadOnlySpan<byte> encodedImage, int top)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        float[] logits = ArrayPool<float>.Shared.Rent(model.Classes);
        try
        {
            PredictImage(model, encodedImage, logits.AsSpan(0, model.Classes));
            return TopClasses.Of(logits.AsSpan(0, model.Classes), top, model.Labels);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(logits);
        }
    }

    public static ClassScore[] Classify(IImageClassifier model, ReadOnlySpan<byte> rgb, int width, int height, int top)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        float[] logits = ArrayPool<float>.Shared.Rent(model.Classes);
        try
        {
            PredictImage(model, rgb, width, height, logits.AsSpan(0, model.Classes));
            return TopClasses.Of(logits.AsSpan(0, model.Classes), top, model.Labels);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(logits);
        }
    }

    /// <summary>Checked before decoding, so a wrong buffer is reported as such rather than after the work.</summary>
    private static void CheckLogits(IImageClassifier model, Span<float> logits)
    {
        if (logits.Length != model.Classes)
        {
            throw new ArgumentException($"logits must hold {model.Classes} floats, but has {logits.Length}.", nameof(logits));
        }
    }
}
