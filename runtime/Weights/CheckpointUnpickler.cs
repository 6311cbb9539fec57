using System;
using System.Buffers.Binary;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Runs the opcodes of a <c>state_dict</c> pickle (Python's <c>pickle._Unpickler</c>, for the data types and the three calls
/// <c>torch.save</c> writes) into plain values: <c>None</c>, bools, ints (<see cref="int"/>, <see cref="long"/> or
/// <see cref="BigInteger"/>), floats, strings, bytes, tuples (<c>object?[]</c>), lists (<see cref="ArrayList"/>) and dicts
/// (<see cref="Hashtable"/>); <c>collections.OrderedDict()</c> becomes a <see cref="PickledDict"/>,
/// <c>torch._utils._rebuild_tensor_v2(...)</c> keeps its arguments, a global its name and a persistent id its tuple.
/// Nothing is interpreted or constructed by name, so there is no reflection (NativeAOT and trimming need none):
/// <see cref="CheckpointStateDict"/> validates what comes out, and <see cref="PickleGlobalScanner"/> has refused every other
/// global before this runs.
/// </summary>
internal static class CheckpointUnpickler
{
    /// <summary>An <c>OrderedDict</c>; its <c>_metadata</c> attribute (module versions), set through BUILD, is not needed.</summary>
    internal sealed class PickledDict : Hashtable
    {
    }

    /// <summary>The arguments of one <c>_rebuild_tensor_v2</c> call: storage, offset, size, stride, requires_grad, hooks[, metadata].</summary>
    internal sealed record PickledTensor(object?[] Arguments);

    /// <summary>A persistent id as pickled: <c>('storage', storage_type, key, location, numel)</c>.</summary>
    internal sealed record PickledStorage(object? Id);

    /// <summary>A global pushed by <c>GLOBAL</c> or <c>STACK_GLOBAL</c>, such as the storage type <c>torch.FloatStorage</c>.</summary>
    internal sealed record PickledGlobal(string Module, string Name)
    {
        public override string ToString() => Module + "." + Name;
    }

    /// <exception cref="InvalidDataException">An opcode is unknown, malformed, or used on values it does not apply to.</exception>
    public static object? Load(ReadOnlySpan<byte> pickle)
    {
        var stack = new List<object?>();
        var marks = new Stack<int>();
        var memo = new Dictionary<long, object?>();
        int position = 0;
        while (position < pickle.Length)
        {
            int at = position;
            byte opcode = pickle[position++];
            switch (opcode)
            {
                case (byte)'.': // STOP
                    return Pop(stack, marks, at);
                case 0x80: // PROTO
                    Need(PickleGlobalScanner.Skip(pickle, ref position, 1), at);
                    break;
                case 0x95: // FRAME
                    Need(PickleGlobalScanner.Skip(pickle, ref position, 8), at);
                    break;
                case (byte)'(': // MARK
                    marks.Push(stack.Count);
                    break;
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break; // NEWTRUE
                case 0x89: stack.Add(false); break; // NEWFALSE
                case (byte)'K': // BININT1
                    Need(pickle.Length - position >= 1, at);
                    stack.Add((int)pickle[position++]);
                    break;
                case (byte)'M': // BININT2
                    Need(pickle.Length - position >= 2, at);
                    stack.Add((int)BinaryPrimitives.ReadUInt16LittleEndian(pickle[position..]));
                    position += 2;
                    break;
                case (byte)'J': // BININT
                    Need(pickle.Length - position >= 4, at);
                    stack.Add(BinaryPrimitives.ReadInt32LittleEndian(pickle[position..]));
                    position += 4;
                    break;
                case 0x8a: // LONG1
                case 0x8b: // LONG4
                {
                    Need(PickleGlobalScanner.ReadCounted(pickle, ref position, opcode == 0x8a ? 1 : 4, out ReadOnlySpan<byte> bytes), at);
                    var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
                    stack.Add(value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value);
                    break;
                }
                case (byte)'I': // INT (protocol 0; "01" and "00" are True and False)
                {
                    Need(PickleGlobalScanner.ReadLine(pickle, ref position, out string line), at);
                    stack.Add(line switch
                    {
                        "01" => true,
                        "00" => false,
                        _ => long.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
                            ? value
                            : throw new InvalidDataException($"INT at byte {at} is not an integer: '{line}'"),
                    });
                    break;
                }
                case (byte)'G': // BINFLOAT
                    Need(pickle.Length - position >= 8, at);
                    stack.Add(BinaryPrimitives.ReadDoubleBigEndian(pickle[position..]));
                    position += 8;
                    break;
                case 0x8c: // SHORT_BINUNICODE
                case (byte)'X': // BINUNICODE
                case 0x8d: // BINUNICODE8
                case (byte)'U': // SHORT_BINSTRING
                case (byte)'T': // BINSTRING
                {
                    int width = opcode is 0x8c or (byte)'U' ? 1 : opcode == 0x8d ? 8 : 4;
                    Need(PickleGlobalScanner.ReadCounted(pickle, ref position, width, out ReadOnlySpan<byte> text), at);
                    stack.Add(opcode is (byte)'U' or (byte)'T' ? Encoding.Latin1.GetString(text) : Encoding.UTF8.GetString(text));
                    break;
                }
                case (byte)'C': // SHORT_BINBYTES
                case (byte)'B': // BINBYTES
                case 0x8e: // BINBYTES8
                {
                    Need(PickleGlobalScanner.ReadCounted(pickle, ref position, opcode == (byte)'C' ? 1 : opcode == (byte)'B' ? 4 : 8, out ReadOnlySpan<byte> bytes), at);
                    stack.Add(bytes.ToArray());
                    break;
                }
                case (byte)')': stack.Add(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case (byte)']': stack.Add(new ArrayList()); break; // EMPTY_LIST
                case (byte)'}': stack.Add(new Hashtable()); break; // EMPTY_DICT
                case (byte)'t': stack.Add(PopToMark(stack, marks, at)); break; // TUPLE
                case 0x85: // TUPLE1
                case 0x86: // TUPLE2
                case 0x87: // TUPLE3
                {
                    int count = opcode - 0x84;
                    Need(stack.Count - Floor(marks) >= count, at);
                    stack.Add(Take(stack, stack.Count - count));
                    break;
                }
                case (byte)'l': stack.Add(new ArrayList(PopToMark(stack, marks, at))); break; // LIST
                case (byte)'d': // DICT
                {
                    var dict = new Hashtable();
                    SetItems(dict, PopToMark(stack, marks, at), at);
                    stack.Add(dict);
                    break;
                }
                case (byte)'a': // APPEND
                {
                    object? value = Pop(stack, marks, at);
                    Top<ArrayList>(stack, marks, at, "APPEND").Add(value);
                    break;
                }
                case (byte)'e': // APPENDS
                {
                    object?[] values = PopToMark(stack, marks, at);
                    Top<ArrayList>(stack, marks, at, "APPENDS").AddRange(values);
                    break;
                }
                case (byte)'s': // SETITEM
                {
                    object? value = Pop(stack, marks, at);
                    object? key = Pop(stack, marks, at);
                    SetItems(Top<Hashtable>(stack, marks, at, "SETITEM"), [key, value], at);
                    break;
                }
                case (byte)'u': // SETITEMS
                {
                    object?[] items = PopToMark(stack, marks, at);
                    SetItems(Top<Hashtable>(stack, marks, at, "SETITEMS"), items, at);
                    break;
                }
                case (byte)'0': Pop(stack, marks, at); break; // POP
                case (byte)'1': PopToMark(stack, marks, at); break; // POP_MARK
                case (byte)'2': stack.Add(Peek(stack, marks, at)); break; // DUP
                case 0x94: memo[memo.Count] = Peek(stack, marks, at); break; // MEMOIZE
                case (byte)'q': // BINPUT
                case (byte)'r': // LONG_BINPUT
                {
                    Need(PickleGlobalScanner.ReadUnsigned(pickle, ref position, opcode == (byte)'q' ? 1 : 4, out long index), at);
                    memo[index] = Peek(stack, marks, at);
                    break;
                }
                case (byte)'p': // PUT
                    memo[MemoIndex(pickle, ref position, at)] = Peek(stack, marks, at);
                    break;
                case (byte)'h': // BINGET
                case (byte)'j': // LONG_BINGET
                {
                    Need(PickleGlobalScanner.ReadUnsigned(pickle, ref position, opcode == (byte)'h' ? 1 : 4, out long index), at);
                    stack.Add(Recall(memo, index, at));
                    break;
                }
                case (byte)'g': // GET
                    stack.Add(Recall(memo, MemoIndex(pickle, ref position, at), at));
                    break;
                case (byte)'c': // GLOBAL
                {
                    Need(PickleGlobalScanner.ReadLine(pickle, ref position, out string module), at);
                    Need(PickleGlobalScanner.ReadLine(pickle, ref position, out string name), at);
                    stack.Add(new PickledGlobal(module, name));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    object? name = Pop(stack, marks, at);
                    object? module = Pop(stack, marks, at);
                    stack.Add(module is string m && name is string n
                        ? new PickledGlobal(m, n)
                        : throw new InvalidDataException($"STACK_GLOBAL at byte {at} takes two strings"));
                    break;
                }
                case (byte)'R': // REDUCE
                {
                    object? arguments = Pop(stack, marks, at);
                    object? callable = Pop(stack, marks, at);
                    stack.Add(Call(callable, arguments as object?[] ?? throw new InvalidDataException($"REDUCE at byte {at} has no argument tuple"), at));
                    break;
                }
                case (byte)'b': // BUILD
                {
                    Pop(stack, marks, at);
                    if (Peek(stack, marks, at) is not PickledDict)
                    {
                        throw new InvalidDataException($"BUILD at byte {at} sets the state of something that is not an OrderedDict");
                    }

                    break;
                }
                case (byte)'Q': // BINPERSID
                    stack.Add(new PickledStorage(Pop(stack, marks, at)));
                    break;
                default:
                    throw new InvalidDataException($"opcode 0x{opcode:x2} at byte {at} is not one a state_dict pickle uses");
            }
        }

        throw new InvalidDataException("ends without a STOP opcode: truncated");
    }

    /// <summary>The two calls a <c>state_dict</c> makes; the scanner has refused every other global already.</summary>
    private static object Call(object? callable, object?[] arguments, int at) => callable switch
    {
        PickledGlobal { Module: "collections", Name: "OrderedDict" } when arguments.Length == 0 => new PickledDict(),
        PickledGlobal { Module: "collections", Name: "OrderedDict" } =>
            throw new InvalidDataException($"OrderedDict called with {arguments.Length} arguments at byte {at}; torch.save calls it with none"),
        PickledGlobal { Module: "torch._utils", Name: "_rebuild_tensor_v2" } => new PickledTensor(arguments),
        PickledGlobal global => throw new InvalidDataException($"REDUCE at byte {at} calls {global}, which a state_dict never calls"),
        _ => throw new InvalidDataException($"REDUCE at byte {at} calls something that is not a global"),
    };

    private static void SetItems(Hashtable dict, object?[] items, int at)
    {
        if (items.Length % 2 != 0) throw new InvalidDataException($"opcode at byte {at} has a key without a value");
        for (int i = 0; i < items.Length; i += 2)
        {
            dict[items[i] ?? throw new InvalidDataException($"opcode at byte {at} uses None as a dict key")] = items[i + 1];
        }
    }

    private static long MemoIndex(ReadOnlySpan<byte> pickle, ref int position, int at)
    {
        Need(PickleGlobalScanner.ReadLine(pickle, ref position, out string line), at);
        return long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out long index)
            ? index
            : throw new InvalidDataException($"memo index at byte {at} is not a number: '{line}'");
    }

    private static object? Recall(Dictionary<long, object?> memo, long index, int at) =>
        memo.TryGetValue(index, out object? value) ? value : throw new InvalidDataException($"memo entry {index} read at byte {at} was never stored");

    /// <summary>Where the values above the innermost MARK begin (0 without one).</summary>
    private static int Floor(Stack<int> marks) => marks.Count > 0 ? marks.Peek() : 0;

    private static object? Peek(List<object?> stack, Stack<int> marks, int at) =>
        stack.Count > Floor(marks) ? stack[^1] : throw new InvalidDataException($"opcode at byte {at} finds the stack empty");

    private static object? Pop(List<object?> stack, Stack<int> marks, int at)
    {
        object? top = Peek(stack, marks, at);
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    private static T Top<T>(List<object?> stack, Stack<int> marks, int at, string name) =>
        Peek(stack, marks, at) is T target ? target : throw new InvalidDataException($"{name} at byte {at} does not apply to what is under it");

    private static object?[] PopToMark(List<object?> stack, Stack<int> marks, int at) =>
        marks.Count > 0 ? Take(stack, marks.Pop()) : throw new InvalidDataException($"opcode at byte {at} has no MARK before it");

    private static object?[] Take(List<object?> stack, int from)
    {
        object?[] items = stack.GetRange(from, stack.Count - from).ToArray();
        stack.RemoveRange(from, stack.Count - from);
        return items;
    }

    private static void Need(bool present, int at)
    {
        if (!present) throw new InvalidDataException($"opcode at byte {at} runs past the end of the pickle: truncated");
    }
}
