using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Compares a file's tensors with the ones a generated model loads (<see cref="ModelInfo.Tensors"/>) before anything is read,
/// so weights for another model are reported in one error: every missing, unexpected, mis-shaped and non-float tensor
/// (the first <see cref="Listed"/> of each, with counts), and a hint when the names or shapes say what the file is instead.
/// </summary>
internal static class ModelWeightCheck
{
    /// <summary>Tensors named per kind of problem; the rest are counted.</summary>
    public const int Listed = 10;

    /// <summary>Top-level module names quoted in a hint.</summary>
    private const int ListedModules = 6;

    public static void ThrowIfMismatched(WeightFile file, ModelInfo model)
    {
        IReadOnlyDictionary<string, StoredTensorInfo> stored = file.StoredTensors;
        var expectedKeys = new HashSet<string>(model.Tensors.Select(t => t.Key), StringComparer.Ordinal);
        WeightTensorInfo[] missing = model.Tensors.Where(t => !stored.ContainsKey(t.Key)).ToArray();
        StoredTensorInfo[] unexpected = stored.Values
            .Where(t => !expectedKeys.Contains(t.Key) && !t.Key.EndsWith(WeightFile.IgnoredSuffix, StringComparison.Ordinal))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToArray();
        (WeightTensorInfo Expected, StoredTensorInfo Found)[] present = model.Tensors
            .Where(t => stored.ContainsKey(t.Key))
            .Select(t => (t, stored[t.Key]))
            .ToArray();
        var misshaped = present.Where(p => !SameShape(p.Expected.Shape, p.Found.Shape)).ToArray();
        var notFloat = present.Where(p => SameShape(p.Expected.Shape, p.Found.Shape) && !SafetensorsDTypeNames.IsFloatingPoint(p.Found.DType)).ToArray();
        int problems = missing.Length + unexpected.Length + misshaped.Length + notFloat.Length;
        if (problems == 0)
        {
            return;
        }

        string? hint = Hint(file, model, missing.Length, unexpected.Length, misshaped);
        string suffix = hint is null ? "" : $"; hint: {hint}";
        if (problems == 1)
        {
            (string key, string problem) = missing.Length == 1 ? (missing[0].Key, $"missing from the file (expected shape {Format(missing[0].Shape)})")
                : unexpected.Length == 1 ? (unexpected[0].Key, $"is not a tensor of {model.Name}: the model has no parameter of this name")
                : misshaped.Length == 1 ? (misshaped[0].Expected.Key, $"expected shape {Format(misshaped[0].Expected.Shape)}, found {Format(misshaped[0].Found.Shape)}")
                : (notFloat[0].Expected.Key, $"expected a floating-point tensor (F32, F16, BF16 or F64) of shape {Format(notFloat[0].Expected.Shape)}, " +
                    $"found {SafetensorsDTypeNames.Name(notFloat[0].Found.DType)}");
            throw new WeightFileException(file.SourceName, key, problem + suffix);
        }

        var message = new StringBuilder();
        message.Append($"does not hold the weights of {model.Name}: ");
        message.Append(string.Join(", ", new[]
        {
            Count(missing.Length, "missing"), Count(unexpected.Length, "not in the model"),
            Count(misshaped.Length, "of another shape"), Count(notFloat.Length, "not floating-point"),
        }.Where(s => s is not null)));
        message.Append($" ({stored.Count} tensors in the file, {model.Tensors.Count} expected)");
        AppendList(message, "missing", missing.Select(t => $"'{t.Key}' {Format(t.Shape)}"), missing.Length);
        AppendList(message, "not in the model", unexpected.Select(t => $"'{t.Key}' {Format(t.Shape)}"), unexpected.Length);
        AppendList(message, "of another shape",
            misshaped.Select(p => $"'{p.Expected.Key}' expected {Format(p.Expected.Shape)}, found {Format(p.Found.Shape)}"), misshaped.Length);
        AppendList(message, "not floating-point",
            notFloat.Select(p => $"'{p.Expected.Key}' {SafetensorsDTypeNames.Name(p.Found.DType)}"), notFloat.Length);
        if (hint is not null)
        {
            message.Append($"\n  hint: {hint}");
        }

        throw new WeightFileException(file.SourceName, null, message.ToString());
    }

    private static string? Hint(WeightFile file, ModelInfo model, int missing, int unexpected,
        (WeightTensorInfo Expected, StoredTensorInfo Found)[] misshaped)
    {
        IReadOnlyCollection<string> fileKeys = file.StoredTensors.Keys.ToArray();
        if (fileKeys.Count == 0)
        {
            return "the file holds no tensors";
        }

        string[] modelKeys = model.Tensors.Select(t => t.Key).ToArray();
        if (missing == 0 && unexpected == 0)
        {
            return misshaped.Length == 0 ? null : ClassifierHint(model, misshaped)
                ?? $"every name matches but {misshaped.Length} shapes differ: weights for another width or group count of the same architecture";
        }

        string? partialPrefix = PartialPrefixHint(fileKeys, modelKeys);
        if (partialPrefix is not null)
        {
            return partialPrefix;
        }

        string? fileScheme = WeightNaming.Recognize(fileKeys);
        string? modelScheme = WeightNaming.Recognize(modelKeys);
        if (fileScheme is not null && fileScheme != modelScheme)
        {
            return $"the file's keys look like {fileScheme} names" + (modelScheme is null ? "" : $"; {model.Name} loads {modelScheme} names");
        }

        if (missing == model.Tensors.Count)
        {
            return $"no key matches: the file's keys begin with {Modules(fileKeys)}, the model's with {Modules(modelKeys)}";
        }

        return null;
    }

    /// <summary>All shapes differ only in the classifier's output count: the file was trained for another number of classes.</summary>
    private static string? ClassifierHint(ModelInfo model, (WeightTensorInfo Expected, StoredTensorInfo Found)[] misshaped)
    {
        bool onlyOutputs = misshaped.All(p => p.Expected.Shape.Count == p.Found.Shape.Count && p.Expected.Shape.Count is 1 or 2
            && p.Expected.Shape.Skip(1).SequenceEqual(p.Found.Shape.Skip(1).Select(d => (int)d))
            && p.Expected.Shape[0] == model.Classes);
        long[] fileClasses = misshaped.Select(p => p.Found.Shape[0]).Distinct().ToArray();
        return onlyOutputs && fileClasses.Length == 1
            ? $"only the classifier differs: the file's has {fileClasses[0]} outputs, the model's {model.Classes} (the spec's classes:)"
            : null;
    }

    /// <summary>Some keys carry a prefix the others lack (only a prefix on every key is stripped), or all carry one not stripped.</summary>
    private static string? PartialPrefixHint(IReadOnlyCollection<string> fileKeys, string[] modelKeys)
    {
        var modelSet = new HashSet<string>(modelKeys, StringComparer.Ordinal);
        foreach (string prefix in fileKeys.Select(k => k.Split('.')[0] + ".").Distinct(StringComparer.Ordinal))
        {
            string[] withPrefix = fileKeys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
            int matches = withPrefix.Count(k => modelSet.Contains(k[prefix.Length..]));
            if (matches > 0 && matches * 2 >= withPrefix.Length && !modelSet.Contains(withPrefix[0]))
            {
                return withPrefix.Length == fileKeys.Count
                    ? $"every key starts with '{prefix}' and {matches} match the model without it: save the wrapped module's own state_dict (model.{prefix[..^1]}.state_dict())"
                    : $"{withPrefix.Length} of the {fileKeys.Count} keys start with '{prefix}' and match the model without it; a prefix is stripped only when every key has '{WeightFile.DataParallelPrefix}'";
            }
        }

        return null;
    }

    private static string Modules(IEnumerable<string> keys)
    {
        string[] modules = WeightNaming.TopModules(keys).ToArray();
        return string.Join(", ", modules.Take(ListedModules)) + (modules.Length > ListedModules ? ", …" : "");
    }

    private static string? Count(int count, string what) => count == 0 ? null : $"{count} {what}";

    private static void AppendList(StringBuilder message, string title, IEnumerable<string> items, int count)
    {
        if (count == 0)
        {
            return;
        }

        message.Append($"\n  {title} ({count}): ").Append(string.Join("; ", items.Take(Listed)));
        if (count > Listed)
        {
            message.Append($"; and {count - Listed} more");
        }
    }

    private static bool SameShape(IReadOnlyList<int> expected, IReadOnlyList<long> found) =>
        expected.Count == found.Count && expected.Select(d => (long)d).SequenceEqual(found);

    private static string Format<T>(IEnumerable<T> shape) where T : IFormattable => SafetensorsHeaderParser.FormatShape(shape);
}
