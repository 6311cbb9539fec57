using System;
using System.Runtime.InteropServices;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// Floats that end exactly at an inaccessible page, so a kernel that reads or writes one float past the end
/// of its span crashes the test instead of passing silently. On systems other than Linux it is an exact-size array.
/// </summary>
internal sealed unsafe class GuardedBuffer : IDisposable
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 3;
    private const int MapPrivateAnonymous = 0x02 | 0x20;

    private readonly byte* _mapping;
    private readonly nuint _mappingBytes;
    private readonly float* _data;
    private readonly float[]? _array;

    public GuardedBuffer(int length)
    {
        Length = length;
        if (!OperatingSystem.IsLinux())
        {
            _array = new float[length];
            return;
        }

        nuint page = (nuint)Environment.SystemPageSize;
        nuint dataBytes = (nuint)length * sizeof(float);
        nuint dataPages = (dataBytes + page - 1) / page * page;
        _mappingBytes = dataPages + page;
        _mapping = (byte*)Mmap(IntPtr.Zero, _mappingBytes, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (_mapping == (byte*)-1)
        {
            throw new InvalidOperationException($"mmap of {_mappingBytes} bytes failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        if (Mprotect((IntPtr)(_mapping + dataPages), page, ProtNone) != 0)
        {
            throw new InvalidOperationException($"mprotect failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        _data = (float*)(_mapping + dataPages - dataBytes);
    }

    public int Length { get; }

    public Span<float> Span => _array is null ? new Span<float>(_data, Length) : _array;

    public void Dispose()
    {
        if (_array is null)
        {
            _ = Munmap((IntPtr)_mapping, _mappingBytes);
        }
    }

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern IntPtr Mmap(IntPtr address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static extern int Mprotect(IntPtr address, nuint length, int protection);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Munmap(IntPtr address, nuint length);
}
