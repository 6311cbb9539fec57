using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// The keys that say how the model meets images and what it returns besides logits — <c>preprocess:</c>, <c>labels:</c>,
/// <c>features:</c> — read the same for every family (the family supplies only the preprocessing defaults).
/// </summary>
internal static class ImageKeysReader
{
    public const string Labels = "labels";
    public const string Features = "features";

    /// <summary>The built-in label list a spec can name.</summary>
    public const string ImageNet1k = "imagenet1k";

    /// <summary>The preprocessing; null when the input is not 3 channels (no image members apply) or the block has errors.</summary>
    public static PreprocessSpec? ReadPreprocess(SpecReadContext context, MappingReader top, PreprocessDefaults defaults, int[]? input)
    {
        SpecNode? node = top.Optional(PreprocessKeys.Block);
        if (input is not null && input[0] != PreprocessKeys.Channels)
        {
            if (node is not null)
            {
                context.Report(DiagnosticDescriptors.PreprocessDoesNotFit, context.Locate(node),
                    "the input has " + input[0].ToString(CultureInfo.InvariantCulture) + " channels; images are preprocessed to 3 (RGB or BGR). Remove 'preprocess'");
            }
            return null;
        }
        int resize = input is null ? 0 : defaults.ResizeFor(input[1], input[2]);
        string interpolation = defaults.Interpolation, order = defaults.ChannelOrder, scale = defaults.Scale;
        double[] mean = defaults.Mean, std = defaults.Std;
        bool valid = true;
        if (node is not null)
        {
            MappingReader? block = MappingReader.Open(context, node, PreprocessKeys.Block, PreprocessKeys.All);
            if (block is null) return null;
            if (block.Optional(PreprocessKeys.Resize) is { } r)
            {
                int? value = ScalarReader.ReadInt(context, r, block.Child(PreprocessKeys.Resize), PreprocessKeys.ResizeRange);
                valid &= value is not null;
                resize = value ?? resize;
            }
            valid &= ReadChoice(context, block, PreprocessKeys.Interpolation, ref interpolation, PreprocessKeys.Bilinear, PreprocessKeys.OpenCvBilinear);
            valid &= ReadChoice(context, block, PreprocessKeys.ChannelOrder, ref order, PreprocessKeys.Rgb, PreprocessKeys.Bgr);
            valid &= ReadChoice(context, block, PreprocessKeys.Scale, ref scale, PreprocessKeys.Unit, PreprocessKeys.Byte);
            valid &= ReadTriple(context, block, PreprocessKeys.Mean, positive: false, ref mean);
            valid &= ReadTriple(context, block, PreprocessKeys.Std, positive: true, ref std);
        }
        return valid && input is not null
            ? new PreprocessSpec(resize, interpolation, order, scale, mean.ToImmutableEquatableArray(), std.ToImmutableEquatableArray())
            : null;
    }

    /// <summary><c>labels:</c> as written (<c>imagenet1k</c> or a file path), or null; imagenet1k needs 1000 classes.</summary>
    public static string? ReadLabels(SpecReadContext context, MappingReader top, int? classes)
    {
        SpecNode? node = top.Optional(Labels);
        string? labels = node is null ? null : ScalarReader.ReadText(context, node, Labels);
        if (labels is null) return null;
        if (labels == ImageNet1k && classes is not null && classes != 1000)
        {
            context.Report(DiagnosticDescriptors.LabelsDoNotFit, context.Locate(node!),
                "'imagenet1k' has 1000 labels, but the model has " + classes.Value.ToString(CultureInfo.InvariantCulture) + " classes");
            return null;
        }
        return labels;
    }

    /// <summary><c>features:</c> names in the order written, each location recorded as <c>features[i]</c>; which exist is the lowering's to say.</summary>
    public static ImmutableEquatableArray<string>? ReadFeatures(SpecReadContext context, MappingReader top)
    {
        SpecNode? node = top.Optional(Features);
        if (node is null) return ImmutableEquatableArray<string>.Empty;
        if (node.Kind != SpecNodeKind.Sequence)
        {
            context.Report(DiagnosticDescriptors.WrongType, context.Locate(node), "'" + Features + "'", "a list of stage names such as [stage2, stage3, stage4]",
                ScalarReader.Describe(node));
            return null;
        }
        var names = new List<string>();
        bool valid = true;
        for (int i = 0; i < node.Items.Count; i++)
        {
            string path = Features + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            context.Record(path, node.Items[i]);
            string? name = ScalarReader.ReadText(context, node.Items[i], path);
            if (name is null)
            {
                valid = false;
            }
            else if (names.Contains(name))
            {
                context.Report(DiagnosticDescriptors.UnknownFeature, context.Locate(node.Items[i]), path, name, "it is listed twice; keep one");
                valid = false;
            }
            else
            {
                names.Add(name);
            }
        }
        return valid ? names.ToImmutableEquatableArray() : null;
    }

    private static bool ReadChoice(SpecReadContext context, MappingReader block, string key, ref string value, params string[] words)
    {
        SpecNode? node = block.Optional(key);
        if (node is null) return true;
        var choices = new Choice<string>[words.Length];
        for (int i = 0; i < words.Length; i++) choices[i] = new Choice<string>(words[i], words[i]);
        Choice<string>? choice = ScalarReader.ReadChoice(context, node, block.Child(key), choices);
        if (choice is null) return false;
        value = choice.Value;
        return true;
    }

    /// <summary>Three numbers, one per channel in the input's channel order; std's must be positive.</summary>
    private static bool ReadTriple(SpecReadContext context, MappingReader block, string key, bool positive, ref double[] value)
    {
        SpecNode? node = block.Optional(key);
        if (node is null) return true;
        string path = block.Child(key);
        if (node.Kind != SpecNodeKind.Sequence || node.Items.Count != PreprocessKeys.Channels)
        {
            context.Report(DiagnosticDescriptors.WrongType, context.Locate(node), "'" + path + "'", "a list of 3 numbers, one per channel, such as [0.485, 0.456, 0.406]",
                node.Kind == SpecNodeKind.Sequence ? "a list of " + node.Items.Count.ToString(CultureInfo.InvariantCulture) : ScalarReader.Describe(node));
            return false;
        }
        var numbers = new double[PreprocessKeys.Channels];
        for (int i = 0; i < numbers.Length; i++)
        {
            double? number = ScalarReader.ReadNumber(context, node.Items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", positive);
            if (number is null) return false;
            numbers[i] = number.Value;
        }
        value = numbers;
        return true;
    }
}
