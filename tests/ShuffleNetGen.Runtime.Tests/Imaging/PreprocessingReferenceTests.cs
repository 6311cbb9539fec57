using System;
using System.Linq;
using ShuffleNetGen.Runtime.Imaging;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Imaging;

/// <summary>
/// Decode + resize + crop + scale + normalise against the reference pipelines' tensors (issue 16: within 2/255 per value
/// before normalisation and a mean difference under 0.5/255 for PNG, within 4/255 for JPEG, whose decoders differ).
/// </summary>
public sealed class PreprocessingReferenceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ImageFixtures.CaseNames), MemberType = typeof(ImageFixtures))]
    public void Matches_the_reference_pipeline(string name)
    {
        ImageFixtures.Case c = ImageFixtures.Cases().Single(x => x.Name == name);
        ImagePreprocessing preprocessing = c.Preprocessing;
        var input = new float[preprocessing.InputLength];
        preprocessing.Preprocess(ImageFixtures.Bytes(c.Source), input);

        byte[] expected = c.Expected;
        Assert.Equal(expected.Length, input.Length);
        int plane = c.CropHeight * c.CropWidth;
        double largest = 0, total = 0;
        for (int i = 0; i < input.Length; i++)
        {
            int channel = i / plane;
            // Undo the normalisation: back to the 0-255 value the reference had before it.
            double value = input[i] * preprocessing.Std[channel] + preprocessing.Mean[channel];
            if (preprocessing.Scale == PixelScale.Unit) value *= 255;
            double difference = Math.Abs(value - expected[i]);
            largest = Math.Max(largest, difference);
            total += difference;
        }
        double mean = total / input.Length;
        output.WriteLine($"{name}: largest difference {largest:F3}/255, mean {mean:F4}/255");
        Assert.True(largest <= (c.IsJpeg ? 4 : 2) + 1e-3, $"largest difference {largest}/255");
        Assert.True(mean < 0.5, $"mean difference {mean}/255");
    }
}
