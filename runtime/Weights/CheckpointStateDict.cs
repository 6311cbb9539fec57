using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using PickledDict = ShuffleNetGen.Runtime.Weights.CheckpointUnpickler.PickledDict;
using PickledGlobal = ShuffleNetGen.Runtime.Weights.CheckpointUnpickler.PickledGlobal;
using PickledStorage = ShuffleNetGen.Runtime.Weights.CheckpointUnpickler.PickledStorage;
using PickledTensor = ShuffleNetGen.Runtime.Weights.CheckpointUnpickler.PickledTensor;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Turns the unpickled object into the tensors of a <c>state_dict</c>, checking each one the way
/// <c>torch._utils._rebuild_tensor_v2</c> and <c>torch.serialization._load</c> would use it: a dict of string keys to tensors,
/// each a view of a typed storage whose size, stride and offset stay inside it.
/// </summary>
internal static class CheckpointStateDict
{
    /// <summary>Non-tensor entries named in one message.</summary>
    private const int ListedEntries = 10;

    /// <summary>The storage classes <c>torch.save</c> names in a persistent id, by the element type they hold.</summary>
    private static readonly Dictionary<string, SafetensorsDType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["DoubleStorage"] = SafetensorsDType.F64,
        ["FloatStorage"] = SafetensorsDType.F32,
        ["HalfStorage"] = SafetensorsDType.F16,
        ["BFloat16Storage"] = SafetensorsDType.BF16,
        ["LongStorage"] = SafetensorsDType.I64,
        ["IntStorage"] = SafetensorsDType.I32,
        ["ShortStorage"] = SafetensorsDType.I16,
        ["CharStorage"] = SafetensorsDType.I8,
        ["ByteStorage"] = SafetensorsDType.U8,
        ["BoolStorage"] = SafetensorsDType.Bool,
    };

    /// <summary>The globals a <c>state_dict</c> pickle may name; <see cref="PickleGlobalScanner"/> refuses any other.</summary>
    public static readonly IReadOnlySet<string> AllowedGlobals = new HashSet<string>(
        StorageTypes.Keys.Select(name => "torch." + name).Append("collections.OrderedDict").Append("torch._utils._rebuild_tensor_v2"),
        StringComparer.Ordinal);

    public static IReadOnlyList<CheckpointTensor> Read(object? root, string source)
    {
        if (root is not Hashtable dict)
        {
            throw new WeightFileException(source, null, $"data.pkl holds {Describe(root)}, not a state_dict: save the weights with torch.save(model.state_dict(), path)");
        }

        var tensors = new List<CheckpointTensor>(dict.Count);
        var others = new List<string>();
        var storages = new Dictionary<string, (SafetensorsDType DType, long Elements, string FirstUser)>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dict)
        {
            if (entry.Key is not string key)
            {
                throw new WeightFileException(source, null, $"data.pkl has a key that is {Describe(entry.Key)}, not a string: not a state_dict");
            }

            if (entry.Value is PickledTensor pickled)
            {
                CheckpointTensor tensor = Tensor(key, pickled, source);
                if (storages.TryGetValue(tensor.StorageKey, out var seen))
                {
                    if (seen.DType != tensor.DType || seen.Elements != tensor.StorageElements)
                    {
                        throw new WeightFileException(source, key,
                            $"storage '{tensor.StorageKey}' is {SafetensorsDTypeNames.Name(tensor.DType)} x {tensor.StorageElements} here but " +
                            $"{SafetensorsDTypeNames.Name(seen.DType)} x {seen.Elements} for tensor '{seen.FirstUser}'");
                    }
                }
                else
                {
                    storages.Add(tensor.StorageKey, (tensor.DType, tensor.StorageElements, key));
                }

                tensors.Add(tensor);
            }
            else
            {
                others.Add(key);
            }
        }

        if (others.Count > 0)
        {
            throw new WeightFileException(source, null, NotTensorsProblem(dict, others));
        }

        return tensors;
    }

    private static string NotTensorsProblem(Hashtable dict, List<string> others)
    {
        others.Sort(StringComparer.Ordinal);
        string listed = string.Join(", ", others.Take(ListedEntries).Select(k => $"'{k}' ({Describe(dict[k])})"));
        string more = others.Count > ListedEntries ? $" and {others.Count - ListedEntries} more" : "";
        string? nested = others.FirstOrDefault(k => dict[k] is Hashtable inner && inner.Values.OfType<PickledTensor>().Any());
        string advice = nested is null
            ? "save only the weights, with torch.save(model.state_dict(), path)"
            : $"this looks like a training checkpoint whose '{nested}' entry holds the weights: save that alone, with torch.save(checkpoint['{nested}'], path)";
        return $"data.pkl is a dict with {others.Count} entries that are not tensors: {listed}{more}; {advice}";
    }

    private static CheckpointTensor Tensor(string key, PickledTensor pickled, string source)
    {
        object?[] args = pickled.Arguments;
        // torch 1.13 and 2.x pass (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]).
        if (args.Length is not (6 or 7))
        {
            throw new WeightFileException(source, key, $"_rebuild_tensor_v2 has {args.Length} arguments, expected 6 or 7");
        }

        if (args.Length == 7 && args[6] is not (null or Hashtable { Count: 0 }))
        {
            throw new WeightFileException(source, key, "tensor has metadata (a conjugate or negative view?), which a float state_dict never has");
        }

        (SafetensorsDType dtype, string storageKey, long storageElements) = Storage(key, args[0], source);
        long offset = Integer(args[1], key, "storage offset", source);
        long[] size = Integers(args[2], key, "size", source);
        long[] stride = Integers(args[3], key, "stride", source);
        if (stride.Length != size.Length)
        {
            throw new WeightFileException(source, key, $"size {Format(size)} and stride {Format(stride)} have different lengths");
        }

        var tensor = new CheckpointTensor(key, dtype, storageKey, storageElements, offset, size, stride);
        long extent;
        try
        {
            long count = 1, last = 0;
            for (int d = 0; d < size.Length; d++)
            {
                count = checked(count * size[d]);
                last = checked(last + (size[d] == 0 ? 0 : (size[d] - 1) * stride[d]));
            }

            extent = count == 0 ? 0 : checked(last + 1);
            _ = checked(storageElements * SafetensorsDTypeNames.ElementSize(dtype));
            _ = checked(offset + extent);
        }
        catch (OverflowException e)
        {
            throw new WeightFileException(source, key, $"size {Format(size)}, stride {Format(stride)} and offset {offset} overflow a 64-bit index", e);
        }

        if (offset > storageElements || extent > storageElements - offset)
        {
            throw new WeightFileException(source, key,
                $"size {Format(size)}, stride {Format(stride)} from offset {offset} reach element {offset + extent} of a storage of {storageElements}: " +
                "past its end");
        }

        return tensor;
    }

    private static (SafetensorsDType DType, string Key, long Elements) Storage(string key, object? argument, string source)
    {
        // ('storage', torch.FloatStorage, '0', 'cpu', numel): the storage type arrives as the global it names.
        if (argument is not PickledStorage { Id: object[] { Length: 5 } id } || id[0] is not "storage"
            || id[1] is not PickledGlobal { Module: "torch" } type || id[2] is not string storageKey || id[3] is not string)
        {
            throw new WeightFileException(source, key, "tensor's storage is not a persistent id ('storage', torch.<Type>Storage, key, location, size) as torch.save writes");
        }

        if (!StorageTypes.TryGetValue(type.Name, out SafetensorsDType dtype))
        {
            throw new WeightFileException(source, key, $"storage type torch.{type.Name} is not a tensor storage this loader reads");
        }

        if (storageKey.Length == 0 || storageKey.Contains('/') || storageKey.Contains('\\'))
        {
            throw new WeightFileException(source, key, $"storage key '{storageKey}' is not a plain record name");
        }

        return (dtype, storageKey, Integer(id[4], key, "storage size", source));
    }

    private static long[] Integers(object? value, string key, string what, string source)
    {
        if (value is not object[] items)
        {
            throw new WeightFileException(source, key, $"{what} is {Describe(value)}, not a tuple of integers");
        }

        return items.Select(item => Integer(item, key, what, source)).ToArray();
    }

    private static long Integer(object? value, string key, string what, string source)
    {
        long number = value switch
        {
            int i => i,
            long l => l,
            BigInteger => throw new WeightFileException(source, key, $"{what} does not fit in 64 bits"),
            _ => throw new WeightFileException(source, key, $"{what} is {Describe(value)}, not an integer"),
        };
        return number >= 0 ? number : throw new WeightFileException(source, key, $"{what} is negative ({number})");
    }

    /// <summary>Names what the unpickler made, in Python's terms.</summary>
    private static string Describe(object? value) => value switch
    {
        null => "None",
        PickledTensor => "a tensor",
        PickledDict or Hashtable => "a dict",
        PickledGlobal g => $"the global {g}",
        string => "a string",
        bool => "a bool",
        int or long or BigInteger => "an int",
        double => "a float",
        byte[] => "bytes",
        object[] => "a tuple",
        ArrayList => "a list",
        _ => $"a {value.GetType().Name}",
    };

    private static string Format(long[] values) => SafetensorsHeaderParser.FormatShape(values);
}
