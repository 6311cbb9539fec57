using System;
using System.Collections.Generic;
using System.Linq;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// The key patterns of the reference implementations whose checkpoints users are likely to hold, so a file for another
/// network can be named in the error ("look like megvii ShuffleNetV1 names"). A guess from key names only, and said so.
/// </summary>
internal static class WeightNaming
{
    private sealed record Scheme(string Name, string[] Required, string[] Absent);

    /// <summary>Each scheme: key fragments its state_dict always has, and fragments that would mean another scheme.</summary>
    private static readonly Scheme[] Schemes =
    [
        new("torchvision ShuffleNetV2 (shufflenetv2.py)", ["conv1.0.weight", "stage2.0.", "conv5.0.weight"], []),
        new("megvii ShuffleNetV1 (ShuffleNet-Series)", ["first_conv.0.weight", ".branch_main_1."], ["conv_last."]),
        new("megvii ShuffleNetV2 (ShuffleNet-Series)", ["first_conv.0.weight", ".branch_main.", "conv_last."], []),
        new("seed 003's MobileNetV1", ["model.0.0.weight", "model.1.3.weight"], []),
        new("torchvision MobileNetV2/V3 (mobilenetv2.py, mobilenetv3.py)", ["features.0.0.weight", "classifier."], [".squeeze."]),
        new("torchvision SqueezeNet (squeezenet.py)", ["features.0.weight", ".squeeze.weight"], []),
        new("torchvision ResNet (resnet.py)", ["layer1.0.conv1.weight", "fc.weight"], []),
    ];

    /// <summary>The one scheme whose fragments all appear among <paramref name="keys"/> (and none it excludes), or null.</summary>
    public static string? Recognize(IReadOnlyCollection<string> keys)
    {
        string[] matches = Schemes
            .Where(s => s.Required.All(f => keys.Any(k => Has(k, f))) && !s.Absent.Any(f => keys.Any(k => Has(k, f))))
            .Select(s => s.Name)
            .ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }

    /// <summary>The distinct first segments of the keys (<c>conv1</c>, <c>stage2</c>, …), in order of first appearance.</summary>
    public static IEnumerable<string> TopModules(IEnumerable<string> keys) =>
        keys.Select(k => k.Split('.')[0]).Distinct(StringComparer.Ordinal);

    /// <summary>A fragment ending in '.' or starting with one matches inside a key; otherwise it must be a whole-key prefix.</summary>
    private static bool Has(string key, string fragment) =>
        fragment.StartsWith('.') ? key.Contains(fragment, StringComparison.Ordinal) : key.StartsWith(fragment, StringComparison.Ordinal);
}
