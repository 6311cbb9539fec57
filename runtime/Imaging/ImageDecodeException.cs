using System;

namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>
/// The bytes given as an encoded image are not one the decoder reads (PNG, JPEG, BMP, TGA, GIF), are corrupt or truncated,
/// or declare an image larger than <see cref="ImagePreprocessing.MaxPixels"/>.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string input, string problem, Exception? innerException = null)
        : base($"{input}: {problem}", innerException)
    {
        Input = input;
        Problem = problem;
    }

    /// <summary>How the message names the input: its length and first bytes (<c>the image (1234 bytes, 89-50-4E-47…)</c>).</summary>
    public string Input { get; }

    /// <summary>What is wrong with it, as the decoder reported it.</summary>
    public string Problem { get; }
}
