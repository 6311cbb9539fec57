using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>Opens a weights file by path, with the exceptions the generated <c>Load</c> documents.</summary>
internal static class WeightFilePath
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading. A path that names no file is a <see cref="FileNotFoundException"/> (also when a
    /// directory on it is missing), so one <c>catch (FileNotFoundException)</c> covers it; any other failure to open is a
    /// <see cref="WeightFileException"/> naming the file.
    /// </summary>
    public static SafeFileHandle OpenHandle(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }
        catch (FileNotFoundException)
        {
            throw;
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"Could not find weights file '{path}': a directory on the path does not exist.", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WeightFileException(path, null, $"cannot open the file ({e.Message})", e);
        }
    }

    /// <summary>Reads up to <see cref="WeightFileFormat.PrefixBytes"/> bytes from the start of the file, for format detection.</summary>
    public static WeightFileKind DetectKind(string path)
    {
        using SafeFileHandle handle = OpenHandle(path);
        Span<byte> prefix = stackalloc byte[WeightFileFormat.PrefixBytes];
        int got;
        try
        {
            got = RandomAccess.Read(handle, prefix, 0);
        }
        catch (IOException e)
        {
            throw new WeightFileException(path, null, $"cannot read the file ({e.Message})", e);
        }

        return WeightFileFormat.Detect(prefix[..got]);
    }
}
