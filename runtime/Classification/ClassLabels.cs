using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace ShuffleNetGen.Runtime.Classification;

/// <summary>
/// The names of a model's classes, by logit index. 1000-class models default to <see cref="ImageNet1k"/>; a spec may name a
/// labels file of its own (one label per line), and a model with neither numbers its classes (<c>class 7</c>).
/// </summary>
public sealed class ClassLabels : IReadOnlyList<string>
{
    private static ClassLabels? s_imageNet;
    private readonly string[] _labels;

    /// <exception cref="ArgumentException">A label is null, empty or spans lines.</exception>
    public ClassLabels(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = new List<string>(labels).ToArray();
        for (int i = 0; i < _labels.Length; i++)
        {
            if (string.IsNullOrEmpty(_labels[i]) || _labels[i].AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"label {i} is empty or spans lines.", nameof(labels));
            }
        }
    }

    /// <summary>
    /// The ImageNet-1k class names in torchvision's order (<c>ResNet18_Weights.IMAGENET1K_V1.meta["categories"]</c>,
    /// torchvision 0.14): what every torchvision and megvii ImageNet checkpoint's logits are indexed by.
    /// </summary>
    public static ClassLabels ImageNet1k => LazyInitializer.EnsureInitialized(ref s_imageNet, ReadImageNet);

    /// <summary><c>class 0</c>, <c>class 1</c>, …: for a model whose spec names no labels.</summary>
    public static ClassLabels Numbered(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var labels = new string[count];
        for (int i = 0; i < count; i++) labels[i] = "class " + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ClassLabels(labels);
    }

    public int Count => _labels.Length;

    public string this[int index] => _labels[index];

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _labels.GetEnumerator();

    private static ClassLabels ReadImageNet()
    {
        using Stream stream = typeof(ClassLabels).Assembly.GetManifestResourceStream("ShuffleNetGen.Runtime.Classification.imagenet1k.txt")
            ?? throw new InvalidOperationException("The ImageNet-1k labels resource is missing from ShuffleNetGen.Runtime.");
        using var reader = new StreamReader(stream);
        var labels = new List<string>(1000);
        while (reader.ReadLine() is { } line) labels.Add(line);
        return new ClassLabels(labels);
    }
}
