using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Walks a pickle's opcodes (Python's <c>pickletools.genops</c>, without running them) and lists every global it names:
/// <c>GLOBAL</c> and <c>INST</c> carry the name inline, <c>STACK_GLOBAL</c> takes it from the two strings pushed before it
/// (directly or through the memo, as every Python pickler writes it). The checkpoint reader refuses a pickle that names
/// anything off its allow-list before the unpickler sees a byte: so a global cannot hide in a value that is later discarded.
/// </summary>
internal static class PickleGlobalScanner
{
    /// <summary>The result of a scan: every global in order of first use, and why the scan stopped early, if it did.</summary>
    public sealed record Result(IReadOnlyList<string> Globals, string? Problem);

    public static Result Scan(ReadOnlySpan<byte> pickle)
    {
        var globals = new List<string>();
        var memo = new Dictionary<long, string?>();
        // The strings on top of the stack when the last opcodes that touched it pushed them; null when unknown.
        string? top = null, second = null;
        int position = 0;
        while (position < pickle.Length)
        {
            int at = position;
            byte opcode = pickle[position++];
            string? pushed = null;
            bool keepsStack = false;
            switch (opcode)
            {
                case (byte)'.': // STOP
                    return new Result(globals, null);
                case 0x80: // PROTO
                    if (!Skip(pickle, ref position, 1)) return Truncated(globals, at);
                    if (pickle[position - 1] > 5) return new Result(globals, $"unsupported pickle protocol {pickle[position - 1]}");
                    keepsStack = true;
                    break;
                case 0x95: // FRAME
                    if (!Skip(pickle, ref position, 8)) return Truncated(globals, at);
                    keepsStack = true;
                    break;
                case (byte)'c': // GLOBAL
                case (byte)'i': // INST
                {
                    if (!ReadLine(pickle, ref position, out string module) || !ReadLine(pickle, ref position, out string name))
                    {
                        return Truncated(globals, at);
                    }

                    Add(globals, module, name);
                    break;
                }
                case 0x93: // STACK_GLOBAL
                    if (second is null || top is null)
                    {
                        return new Result(globals, $"STACK_GLOBAL at byte {at} names a global computed at load time, not written as two strings");
                    }

                    Add(globals, second, top);
                    break;
                case 0x82: // EXT1
                case 0x83: // EXT2
                case 0x84: // EXT4
                    return new Result(globals, $"opcode EXT at byte {at} names a global by copyreg extension code, which is not allowed");
                case 0x94: // MEMOIZE
                    memo[memo.Count] = top;
                    keepsStack = true;
                    break;
                case (byte)'q': // BINPUT
                case (byte)'r': // LONG_BINPUT
                {
                    if (!ReadUnsigned(pickle, ref position, opcode == (byte)'q' ? 1 : 4, out long index)) return Truncated(globals, at);
                    memo[index] = top;
                    keepsStack = true;
                    break;
                }
                case (byte)'p': // PUT
                {
                    if (!ReadLine(pickle, ref position, out string line)) return Truncated(globals, at);
                    if (long.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out long index)) memo[index] = top;
                    keepsStack = true;
                    break;
                }
                case (byte)'h': // BINGET
                case (byte)'j': // LONG_BINGET
                {
                    if (!ReadUnsigned(pickle, ref position, opcode == (byte)'h' ? 1 : 4, out long index)) return Truncated(globals, at);
                    pushed = memo.GetValueOrDefault(index);
                    second = top;
                    top = pushed;
                    continue;
                }
                case (byte)'g': // GET
                {
                    if (!ReadLine(pickle, ref position, out string line)) return Truncated(globals, at);
                    pushed = long.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out long index) ? memo.GetValueOrDefault(index) : null;
                    second = top;
                    top = pushed;
                    continue;
                }
                case 0x8c: // SHORT_BINUNICODE
                case (byte)'X': // BINUNICODE
                case 0x8d: // BINUNICODE8
                {
                    int width = opcode == 0x8c ? 1 : opcode == (byte)'X' ? 4 : 8;
                    if (!ReadCounted(pickle, ref position, width, out ReadOnlySpan<byte> text)) return Truncated(globals, at);
                    second = top;
                    top = Encoding.UTF8.GetString(text);
                    continue;
                }
                default:
                    if (!SkipArgument(opcode, pickle, ref position, out bool known))
                    {
                        return known ? Truncated(globals, at) : new Result(globals, $"invalid pickle opcode 0x{opcode:x2} at byte {at}");
                    }

                    break;
            }

            if (!keepsStack)
            {
                top = second = null;
            }
        }

        return new Result(globals, "ends without a STOP opcode: truncated");
    }

    private static Result Truncated(List<string> globals, int at) => new(globals, $"opcode at byte {at} runs past the end of the pickle: truncated");

    private static void Add(List<string> globals, string module, string name)
    {
        string global = module + "." + name;
        if (!globals.Contains(global, StringComparer.Ordinal))
        {
            globals.Add(global);
        }
    }

    /// <summary>Skips the argument of every opcode not handled above (pickletools' argument descriptors).</summary>
    private static bool SkipArgument(byte opcode, ReadOnlySpan<byte> pickle, ref int position, out bool known)
    {
        known = true;
        switch (opcode)
        {
            // No argument.
            case (byte)'(' or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'N' or (byte)'R' or (byte)'a' or (byte)'b' or (byte)'d'
                or (byte)'}' or (byte)'e' or (byte)'l' or (byte)']' or (byte)'o' or (byte)'s' or (byte)'t' or (byte)')' or (byte)'u'
                or (byte)'Q' or 0x81 or 0x85 or 0x86 or 0x87 or 0x88 or 0x89 or 0x8f or 0x90 or 0x91 or 0x92 or 0x97 or 0x98:
                return true;
            case (byte)'K': return Skip(pickle, ref position, 1); // BININT1
            case (byte)'M': return Skip(pickle, ref position, 2); // BININT2
            case (byte)'J': return Skip(pickle, ref position, 4); // BININT
            case (byte)'G': return Skip(pickle, ref position, 8); // BINFLOAT
            // A newline-terminated argument: INT, LONG, FLOAT, STRING, UNICODE, PERSID.
            case (byte)'I' or (byte)'L' or (byte)'F' or (byte)'S' or (byte)'V' or (byte)'P':
                return ReadLine(pickle, ref position, out _);
            // Length-prefixed: SHORT_BINSTRING, SHORT_BINBYTES, LONG1 (1 byte); BINSTRING, BINBYTES, LONG4 (4); BINBYTES8, BYTEARRAY8 (8).
            case (byte)'U' or (byte)'C' or 0x8a: return ReadCounted(pickle, ref position, 1, out _);
            case (byte)'T' or (byte)'B' or 0x8b: return ReadCounted(pickle, ref position, 4, out _);
            case 0x8e or 0x96: return ReadCounted(pickle, ref position, 8, out _);
            default:
                known = false;
                return false;
        }
    }

    internal static bool Skip(ReadOnlySpan<byte> pickle, ref int position, int count)
    {
        if (pickle.Length - position < count) return false;
        position += count;
        return true;
    }

    internal static bool ReadUnsigned(ReadOnlySpan<byte> pickle, ref int position, int width, out long value)
    {
        value = 0;
        if (pickle.Length - position < width) return false;
        value = width switch
        {
            1 => pickle[position],
            4 => BinaryPrimitives.ReadUInt32LittleEndian(pickle[position..]),
            _ => BinaryPrimitives.ReadInt64LittleEndian(pickle[position..]),
        };
        position += width;
        return value >= 0;
    }

    internal static bool ReadCounted(ReadOnlySpan<byte> pickle, ref int position, int width, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!ReadUnsigned(pickle, ref position, width, out long length) || pickle.Length - position < length) return false;
        bytes = pickle.Slice(position, (int)length);
        position += (int)length;
        return true;
    }

    internal static bool ReadLine(ReadOnlySpan<byte> pickle, ref int position, out string line)
    {
        line = "";
        int end = pickle[position..].IndexOf((byte)'\n');
        if (end < 0) return false;
        line = Encoding.UTF8.GetString(pickle.Slice(position, end));
        position += end + 1;
        return true;
    }
}
