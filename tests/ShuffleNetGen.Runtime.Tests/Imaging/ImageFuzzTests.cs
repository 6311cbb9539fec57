using System;
using System.Collections.Generic;
using ShuffleNetGen.Runtime.Imaging;
using ShuffleNetGen.Runtime.Tests.Fuzz;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Imaging;

/// <summary>
/// Issue 16: at least 10,000 seeded mutations each of a PNG and a JPEG (baseline and progressive): decoding and
/// preprocessing accept each or refuse it with an <see cref="ImageDecodeException"/> naming the input, never another
/// exception, a crash or a hang, within a stated allocation per image.
/// </summary>
public sealed class ImageFuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Iterations = 10_000;

    /// <summary>
    /// The decoder's pixel limit in these runs: 2^20, so that a mutated header declaring a large image stays cheap to
    /// refuse or decode (the public limit is 2^26; the check is the same code).
    /// </summary>
    private const long MaxPixels = 1 << 20;

    /// <summary>Per image: the decoded pixels (3 bytes each, at most <see cref="MaxPixels"/>) plus 1 MB for the decoder's own buffers and messages.</summary>
    private const long AllocationBound = 3 * MaxPixels + (1 << 20);

    // Bytes that mean something to the decoders: PNG chunk names and zlib headers, JPEG markers.
    private static readonly byte[] FormatBytes = "IHDRIDATIENDPLTEtRNS\x78\x9c\x78\x01\xff\xd8\xff\xc0\xff\xc2\xff\xc4\xff\xdb\xff\xda\xff\xdd\xff\xd9\x00\x01\x80"u8.ToArray();

    private static readonly ImagePreprocessing Preprocessing =
        new(32, ResizeInterpolation.Bilinear, 28, 28, ChannelOrder.Rgb, PixelScale.Unit, ImageFixtures.ImageNet.Mean, ImageFixtures.ImageNet.Std);

    private static readonly ImagePreprocessing Megvii =
        new(32, ResizeInterpolation.OpenCvBilinear, 28, 28, ChannelOrder.Bgr, PixelScale.Byte, [0, 0, 0], [1, 1, 1]);

    [Theory]
    [InlineData("rgb_40x28.png", 20261202)]
    [InlineData("fuzz_48x32.jpg", 20261203)]
    [InlineData("fuzz_48x32_progressive.jpg", 20261204)]
    public void Mutated_images_are_decoded_or_refused_clearly(string seedImage, int seed)
    {
        byte[] valid = ImageFixtures.Bytes(seedImage);
        var input = new float[Preprocessing.InputLength];
        FuzzDriver.Report report = FuzzDriver.Run(Iterations, seed, random => Mutate(valid, random), (bytes, iteration) =>
        {
            DecodedImage image = ImageDecoder.Decode(bytes, MaxPixels);
            (iteration % 2 == 0 ? Preprocessing : Megvii).Preprocess(image.Rgb, image.Width, image.Height, input);
            return true;
        }, e => e is ImageDecodeException d && d.Message.StartsWith("the image (", StringComparison.Ordinal) && d.Problem.Length > 0,
            AllocationBound, TimeSpan.FromSeconds(60));

        output.WriteLine($"{seedImage} fuzz: {report}");
        Console.WriteLine($"{seedImage} fuzz: {report}");
        Assert.InRange(report.Accepted, 1, Iterations - 1);
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = new List<byte>(valid);
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations && bytes.Count > 8; m++)
        {
            // A third of them in the first 64 bytes, where the signature, the header and the first tables are.
            int position = random.Next(3) == 0 ? random.Next(Math.Min(64, bytes.Count)) : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0: bytes[position] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[position] = (byte)random.Next(256); break;
                case 2: bytes[position] = FormatBytes[random.Next(FormatBytes.Length)]; break;
                case 3: bytes.Insert(position, (byte)random.Next(256)); break;
                case 4: bytes.RemoveAt(position); break;
                case 5: bytes.RemoveRange(position, bytes.Count - position); break;
                default: bytes[position] = random.Next(2) == 0 ? (byte)0 : (byte)0xFF; break;
            }
        }
        return bytes.ToArray();
    }
}
