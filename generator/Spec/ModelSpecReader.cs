using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// Walks a spec's YAML tree against <see cref="SpecSchema"/>: every key independently, so one pass reports every problem
/// it can, then the family's presence rules (head for V2, groups for V1). Divisibility rules belong to the lowerings.
/// </summary>
internal static class ModelSpecReader
{
    public static ModelSpec? Read(SpecReadContext context, SpecNode root)
    {
        MappingReader? top = MappingReader.Open(context, root, string.Empty, SpecSchema.TopLevelKeys);
        if (top is null) return null;

        string? name = ReadName(context, top);
        string? ns = ReadNamespace(context, top);
        ModelFamily? family = Map(top.Required(SpecSchema.Family), n => ScalarReader.ReadChoice(context, n, SpecSchema.Family, SpecSchema.Families));
        int[]? input = ReadInput(context, top);
        int? classes = Map(top.Required(SpecSchema.Classes), n => ScalarReader.ReadInt(context, n, SpecSchema.Classes, SpecSchema.ClassesRange));
        double? widthScale = Map(top.Optional(SpecSchema.WidthScale),
            n => ScalarReader.ReadPositiveScale(context, n, SpecSchema.WidthScale, SpecSchema.MaxWidthScale));
        int? stem = ReadChannels(context, top, top.Required(SpecSchema.Stem), SpecSchema.Stem, SpecSchema.StemChannelsRange);
        List<StageSpec>? stages = ReadStages(context, top);
        SpecNode? headNode = top.Optional(SpecSchema.Head);
        int? head = ReadChannels(context, top, headNode, SpecSchema.Head, SpecSchema.HeadChannelsRange);
        SpecNode? groupsNode = top.Optional(SpecSchema.Groups);
        int? groups = Map(groupsNode, n => ScalarReader.ReadInt(context, n, SpecSchema.Groups, SpecSchema.GroupsRange));
        SpecNode? orderNode = top.Optional(SpecSchema.ShuffleOrder);
        ShuffleOrder? order = Map(orderNode, n => ScalarReader.ReadChoice(context, n, SpecSchema.ShuffleOrder, SpecSchema.ShuffleOrders));
        WeightNaming? weights = Map(top.Optional(SpecSchema.Weights), n => ScalarReader.ReadChoice(context, n, SpecSchema.Weights, SpecSchema.WeightNamings));
        bool? bias = Map(top.Optional(SpecSchema.ClassifierBias), n => ScalarReader.ReadBool(context, n, SpecSchema.ClassifierBias));

        if (family == ModelFamily.ShuffleNetV2)
        {
            if (headNode is null)
            {
                top.ReportMissing(SpecSchema.Head,
                    "; shufflenet_v2 needs the channels of its last 1x1 convolution (torchvision's conv5), e.g. head: { channels: 1024 }");
            }
            if (groups is not null && groups != 1)
            {
                NotForFamily(context, groupsNode!, SpecSchema.Groups, family.Value,
                    "its pointwise convolutions are not grouped; remove 'groups' or set it to 1");
            }
            if (order == ShuffleOrder.Megvii)
            {
                NotForFamily(context, orderNode!, SpecSchema.ShuffleOrder, family.Value,
                    "torchvision's V2 shuffles in the paper's order; remove 'shuffle_order' or set it to paper");
            }
        }
        else if (family == ModelFamily.ShuffleNetV1)
        {
            if (groupsNode is null)
            {
                top.ReportMissing(SpecSchema.Groups,
                    "; shufflenet_v1 needs the group count of its pointwise convolutions, e.g. groups: 3");
            }
            if (headNode is not null)
            {
                NotForFamily(context, headNode, SpecSchema.Head, family.Value,
                    "V1 pools the last stage straight into the classifier; remove 'head'");
            }
        }

        if (context.HasErrors) return null;
        bool isV2 = family == ModelFamily.ShuffleNetV2;
        return new ModelSpec
        {
            Name = name!,
            Namespace = ns,
            Family = family!.Value,
            InputChannels = input![0],
            InputHeight = input[1],
            InputWidth = input[2],
            Classes = classes!.Value,
            WidthScale = widthScale ?? 1.0,
            StemChannels = stem!.Value,
            Stages = stages!.ToImmutableEquatableArray(),
            HeadChannels = head,
            Groups = groups ?? 1,
            ShuffleOrder = order ?? ShuffleOrder.Paper,
            // Defaults follow the only reference weights of each family: torchvision for V2, megvii's ShuffleNet-Series for V1.
            Weights = weights ?? (isV2 ? WeightNaming.Torchvision : WeightNaming.Megvii),
            ClassifierBias = bias ?? isV2,
            FilePath = context.FilePath,
            Locations = context.Locations,
        };
    }

    private static string? ReadName(SpecReadContext context, MappingReader top)
    {
        SpecNode? node = top.Required(SpecSchema.Name);
        string? name = node is null ? null : ScalarReader.ReadText(context, node, SpecSchema.Name);
        if (name is null) return null;
        string? problem = IdentifierRules.ClassNameProblem(name);
        if (problem is null) return name;
        context.Report(DiagnosticDescriptors.InvalidName, context.Locate(node!), name, problem);
        return null;
    }

    private static string? ReadNamespace(SpecReadContext context, MappingReader top)
    {
        SpecNode? node = top.Optional(SpecSchema.Namespace);
        string? ns = node is null ? null : ScalarReader.ReadText(context, node, SpecSchema.Namespace);
        if (ns is null) return null;
        string? problem = IdentifierRules.NamespaceProblem(ns);
        if (problem is null) return ns;
        context.Report(DiagnosticDescriptors.InvalidNamespace, context.Locate(node!), ns, problem);
        return null;
    }

    private static int[]? ReadInput(SpecReadContext context, MappingReader top)
    {
        SpecNode? node = top.Required(SpecSchema.Input);
        MappingReader? input = node is null ? null : MappingReader.Open(context, node, SpecSchema.Input, SpecSchema.InputKeys);
        if (input is null) return null;
        int? channels = ReadRequiredInt(context, input, SpecSchema.Channels, SpecSchema.InputChannelsRange);
        int? height = ReadRequiredInt(context, input, SpecSchema.Height, SpecSchema.InputSizeRange);
        int? width = ReadRequiredInt(context, input, SpecSchema.Width, SpecSchema.InputSizeRange);
        return channels is null || height is null || width is null ? null : new[] { channels.Value, height.Value, width.Value };
    }

    /// <summary>A <c>{ channels: n }</c> mapping (stem, head); <paramref name="node"/> is null when the key is absent.</summary>
    private static int? ReadChannels(SpecReadContext context, MappingReader top, SpecNode? node, string key, IntRange range)
    {
        MappingReader? mapping = node is null ? null : MappingReader.Open(context, node, top.Child(key), SpecSchema.ChannelsKeys);
        return mapping is null ? null : ReadRequiredInt(context, mapping, SpecSchema.Channels, range);
    }

    private static List<StageSpec>? ReadStages(SpecReadContext context, MappingReader top)
    {
        SpecNode? node = top.Required(SpecSchema.Stages);
        if (node is null) return null;
        if (node.Kind != SpecNodeKind.Sequence)
        {
            context.Report(DiagnosticDescriptors.WrongType, context.Locate(node), "'" + SpecSchema.Stages + "'",
                "a list of rows such as '- { repeats: 4, channels: 116 }'", ScalarReader.Describe(node));
            return null;
        }
        int count = node.Items.Count;
        if (!SpecSchema.StageCountRange.Contains(count))
        {
            context.Report(DiagnosticDescriptors.OutOfRange, context.Locate(node), SpecSchema.Stages,
                "a list of " + count.ToString(CultureInfo.InvariantCulture) + " rows", SpecSchema.StageCountRange.Describe() + " rows");
            return null;
        }
        var stages = new List<StageSpec>(count);
        for (int i = 0; i < count; i++)
        {
            string path = SpecSchema.Stages + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            context.Record(path, node.Items[i]);
            MappingReader? row = MappingReader.Open(context, node.Items[i], path, SpecSchema.StageKeys);
            if (row is null) continue;
            int? repeats = ReadRequiredInt(context, row, SpecSchema.Repeats, SpecSchema.RepeatsRange);
            int? channels = ReadRequiredInt(context, row, SpecSchema.Channels, SpecSchema.StageChannelsRange);
            if (repeats is not null && channels is not null) stages.Add(new StageSpec(repeats.Value, channels.Value));
        }
        return stages.Count == count ? stages : null;
    }

    private static int? ReadRequiredInt(SpecReadContext context, MappingReader mapping, string key, IntRange range)
    {
        SpecNode? node = mapping.Required(key);
        return node is null ? null : ScalarReader.ReadInt(context, node, mapping.Child(key), range);
    }

    private static void NotForFamily(SpecReadContext context, SpecNode node, string key, ModelFamily family, string reason) =>
        context.Report(DiagnosticDescriptors.KeyNotForFamily, context.Locate(node), key, SpecSchema.FamilyName(family), reason);

    private static T? Map<T>(SpecNode? node, System.Func<SpecNode, T?> read)
        where T : struct => node is null ? null : read(node);
}
