using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// The argument checks every kernel runs before touching memory through pointers. Each is O(channels):
/// a plane table is scanned once for its largest entry, pixel data is never visited.
/// </summary>
internal static class KernelArguments
{
    public static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be positive: expected at least 1, got {value}.", name);
        }
    }

    public static void Stride(int stride, string name)
    {
        if (stride is not (1 or 2))
        {
            throw new ArgumentException($"{name} must be 1 or 2: expected 1 or 2, got {stride}.", name);
        }
    }

    public static void Defined(Activation activation, string name)
    {
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentException(
                $"{name} is not defined: expected one of {string.Join(", ", Enum.GetNames<Activation>())}, got {(int)activation}.", name);
        }
    }

    /// <summary>Checks an output size against PyTorch's <c>(in + 2*1 - 3) / stride + 1</c> for a 3x3 window with padding 1.</summary>
    public static void WindowOutput(int actual, int input, int stride, string name)
    {
        int expected = ((input - 1) / stride) + 1;
        if (actual != expected)
        {
            throw new ArgumentException(
                $"{name} must be (input + 2 - 3) / stride + 1 for input {input}, stride {stride}: expected {expected}, got {actual}.", name);
        }
    }

    /// <summary>
    /// Checks an output size against PyTorch's <c>(in + 2 * padding - kernel) / stride + 1</c>, which must be at least 1
    /// (an input smaller than the window without its padding has no output).
    /// </summary>
    public static void ConvOutput(int actual, int input, int kernel, int stride, int padding, string name)
    {
        int expected = ConvKxK.OutputSize(input, kernel, stride, padding);
        if (input + (2 * padding) < kernel)
        {
            throw new ArgumentException(
                $"{name}: an input of {input} with padding {padding} is smaller than the {kernel}-wide window: expected at least {kernel - (2 * padding)}, got {input}.", name);
        }

        if (actual != expected)
        {
            throw new ArgumentException(
                $"{name} must be (input + 2 * padding - {kernel}) / stride + 1 for input {input}, padding {padding}, stride {stride}: expected {expected}, got {actual}.", name);
        }
    }

    /// <summary>A padding that must be 0 or 1 (the image stem and the max pool take no other).</summary>
    public static void ZeroOrOne(int padding, string name)
    {
        if (padding is not (0 or 1))
        {
            throw new ArgumentException($"{name} must be 0 or 1: expected 0 or 1, got {padding}.", name);
        }
    }

    /// <summary>A parameter span (weights, bias) must have exactly the length its shape implies.</summary>
    public static void ExactLength(int actual, long expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has the wrong length: expected {expected} floats, got {actual}.", name);
        }
    }

    /// <summary>A data span (an arena slice) must reach at least as far as the data the kernel touches.</summary>
    public static void MinimumLength(int actual, long expected, string name)
    {
        if (actual < expected)
        {
            throw new ArgumentException($"{name} is too short: expected at least {expected} floats, got {actual}.", name);
        }
    }

    /// <summary>
    /// Checks that <paramref name="planes"/> is empty (identity) or maps each of <paramref name="channels"/>
    /// channels to a non-negative plane, and that <paramref name="dataLength"/> floats hold the highest plane.
    /// </summary>
    public static void PlaneTable(ReadOnlySpan<int> planes, int channels, int pixels, int dataLength, string planesName, string dataName)
    {
        int highest = channels - 1;
        if (!planes.IsEmpty)
        {
            if (planes.Length != channels)
            {
                throw new ArgumentException(
                    $"{planesName} must be empty (identity) or have one entry per channel: expected {channels} entries, got {planes.Length}.",
                    planesName);
            }

            highest = -1;
            for (int k = 0; k < planes.Length; k++)
            {
                if (planes[k] < 0)
                {
                    throw new ArgumentException(
                        $"{planesName}[{k}] must be a plane index: expected a value of at least 0, got {planes[k]}.", planesName);
                }

                highest = Math.Max(highest, planes[k]);
            }
        }

        MinimumLength(dataLength, ((long)highest + 1) * pixels, dataName);
    }
}
