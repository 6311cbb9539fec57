using System;
using System.IO;
using StbImageSharp;

namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>
/// Encoded bytes → interleaved 8-bit RGB, by StbImageSharp (managed; PNG, JPEG, BMP, TGA, GIF's first frame). Gray sources
/// are replicated to three channels and alpha is dropped, as PIL's <c>Image.convert("RGB")</c> does. The header is read
/// first, so an image declaring more than the pixel limit is refused before anything is allocated for it.
/// </summary>
internal static class ImageDecoder
{
    public const string Formats = "PNG, JPEG, BMP, TGA and GIF";

    public static unsafe DecodedImage Decode(ReadOnlySpan<byte> encoded, long maxPixels)
    {
        if (encoded.IsEmpty) throw new ImageDecodeException(Describe(encoded), "no bytes to decode");
        fixed (byte* start = encoded)
        {
            ImageInfo? info = ReadInfo(start, encoded);
            if (info is null)
            {
                throw new ImageDecodeException(Describe(encoded), $"not an image in a format ShuffleNetGen reads ({Formats}), or its header is corrupt");
            }
            long pixels = (long)info.Value.Width * info.Value.Height;
            if (info.Value.Width < 1 || info.Value.Height < 1 || pixels > maxPixels)
            {
                throw new ImageDecodeException(Describe(encoded),
                    $"it declares {info.Value.Width}x{info.Value.Height} pixels; at most {maxPixels} pixels are decoded");
            }
            CheckPngChunks(encoded);
            ImageResult result;
            try
            {
                using var stream = new ClampedMemoryStream(start, encoded.Length);
                result = ImageResult.FromStream(stream, ColorComponents.RedGreenBlue);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // stb reports corrupt data as InvalidOperationException; any other failure of the decoder on these bytes means the same.
                throw new ImageDecodeException(Describe(encoded), "corrupt or truncated image data (" + e.Message.Trim() + ")", e);
            }
            if (result.Width != info.Value.Width || result.Height != info.Value.Height || result.Data.Length != pixels * 3)
            {
                throw new ImageDecodeException(Describe(encoded), "the decoded size does not match the header");
            }
            return new DecodedImage(result.Data, result.Width, result.Height);
        }
    }

    /// <summary>
    /// A PNG's chunks must lie inside the bytes: stb grows its IDAT buffer to a chunk's declared length before reading it,
    /// so one mutated length made it allocate 64 MB for a 2 KB file (found by the fuzz tests; it allows up to 1 GB).
    /// </summary>
    private static void CheckPngChunks(ReadOnlySpan<byte> encoded)
    {
        if (!encoded.StartsWith(PngSignature)) return;
        int position = PngSignature.Length;
        while (position + 8 <= encoded.Length)
        {
            uint length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(encoded.Slice(position));
            ReadOnlySpan<byte> type = encoded.Slice(position + 4, 4);
            if (encoded.Length - position < 12 || length > (uint)(encoded.Length - position - 12))
            {
                throw new ImageDecodeException(Describe(encoded),
                    $"the PNG chunk at byte {position} declares {length} bytes, past the end of the data (truncated or corrupt)");
            }
            position += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8)) return;
        }
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static unsafe ImageInfo? ReadInfo(byte* start, ReadOnlySpan<byte> encoded)
    {
        try
        {
            using var stream = new ClampedMemoryStream(start, encoded.Length);
            return ImageInfo.FromStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ImageDecodeException(Describe(encoded), "corrupt image header (" + e.Message.Trim() + ")", e);
        }
    }

    /// <summary>The input as messages name it: its length and first four bytes, which say what format it claims to be.</summary>
    public static string Describe(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty) return "the image (0 bytes)";
        var head = new System.Text.StringBuilder();
        for (int i = 0; i < Math.Min(4, encoded.Length); i++) head.Append(i == 0 ? "" : "-").Append(encoded[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        return $"the image ({encoded.Length} bytes, starting {head})";
    }
}

/// <summary>Interleaved 8-bit RGB pixels, row by row.</summary>
internal readonly record struct DecodedImage(byte[] Rgb, int Width, int Height);
