using System;
using ShuffleNetGen.Runtime.Classification;
using ShuffleNetGen.Runtime.Imaging;

namespace ShuffleNetGen.Runtime;

/// <summary>
/// What every generated model class offers its users, so code can hold any model: the input and output sizes, the
/// model's <see cref="ModelInfo"/>, the thread limit, the two <c>Predict</c> calls, and images in, labels out.
/// </summary>
/// <remarks>The generated class also has the sizes as constants and <c>Info</c> as a static property, for code that names the class.</remarks>
public interface IImageClassifier
{
    /// <summary>Channels of the input image.</summary>
    int InputChannels { get; }

    /// <summary>Height of the input image.</summary>
    int InputHeight { get; }

    /// <summary>Width of the input image.</summary>
    int InputWidth { get; }

    /// <summary>Floats in one input image: <see cref="InputChannels"/> × <see cref="InputHeight"/> × <see cref="InputWidth"/>.</summary>
    int InputLength { get; }

    /// <summary>Logits per image.</summary>
    int Classes { get; }

    /// <summary>Static facts about the model: cost, size, layers and the weight tensors it loads.</summary>
    ModelInfo Info { get; }

    /// <summary>Most threads one <c>Predict</c> call uses (default: every core).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    int MaxThreads { get; set; }

    /// <summary>Runs one image (CHW, <see cref="InputLength"/> floats) and writes its <see cref="Classes"/> logits.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Runs <paramref name="batch"/> images (NCHW) and writes batch × <see cref="Classes"/> logits.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is less than 1.</exception>
    void Predict(ReadOnlySpan<float> input, Span<float> output, int batch);

    /// <summary>How an image becomes the input (the spec's <c>preprocess:</c> and its family's defaults).</summary>
    /// <exception cref="NotSupportedException">The model's input is not 3 channels.</exception>
    ImagePreprocessing Preprocessing { get; }

    /// <summary>The class names by logit index.</summary>
    ClassLabels Labels { get; }

    /// <summary>Decodes and preprocesses an image file's bytes, runs it and writes its <see cref="Classes"/> logits.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not an image the decoder reads, or are corrupt.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> has the wrong length.</exception>
    void PredictImage(ReadOnlySpan<byte> encodedImage, Span<float> logits);

    /// <summary>Preprocesses decoded pixels (<paramref name="height"/> rows of <paramref name="width"/> R, G, B bytes), runs them and writes the logits.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    void PredictImage(ReadOnlySpan<byte> rgb, int width, int height, Span<float> logits);

    /// <summary>The <paramref name="top"/> most probable classes of an image file's bytes, most probable first.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not an image the decoder reads, or are corrupt.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is less than 1.</exception>
    ClassScore[] Classify(ReadOnlySpan<byte> encodedImage, int top = 5);

    /// <summary>The <paramref name="top"/> most probable classes of decoded RGB pixels, most probable first.</summary>
    /// <exception cref="ArgumentException"><paramref name="rgb"/> is not width × height × 3 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is less than 1.</exception>
    ClassScore[] Classify(ReadOnlySpan<byte> rgb, int width, int height, int top = 5);

    /// <summary>
    /// Runs one image <paramref name="iterations"/> times on the calling thread (after one untimed run) and returns each
    /// layer's median time, one per row of <see cref="ModelInfo.Layers"/>. Allocates only before the timed runs.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not one image.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is less than 1.</exception>
    ModelProfile Profile(ReadOnlySpan<float> input, int iterations);
}
