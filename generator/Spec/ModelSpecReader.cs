using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Guidelines;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// Walks a spec's YAML tree: the family first (it decides which keys and which stage-row schema apply), then every key
/// independently, so one pass reports every problem it can; then the family's own checks (<see cref="ModelFamily.Check"/>),
/// whenever the family's keys and stage table read cleanly, whatever else is wrong.
/// </summary>
internal static class ModelSpecReader
{
    /// <summary>The spec, or null after reporting its errors; <paramref name="shell"/> is what is known of its class either way.</summary>
    public static ModelSpec? Read(SpecReadContext context, SpecNode root, out ModelShell? shell)
    {
        shell = null;
        if (root.Kind != SpecNodeKind.Mapping)
        {
            MappingReader.Open(context, root, string.Empty, SpecSchema.CommonKeys);
            return null;
        }
        SpecNode? familyNode = FirstValue(root, SpecSchema.Family);
        ModelFamily? family = familyNode is null ? null
            : ScalarReader.ReadChoice(context, familyNode, SpecSchema.Family, FamilyRegistry.Choices)?.Value;
        MappingReader top = MappingReader.Open(context, root, string.Empty, AllowedKeys(family), key => ForeignKeyReason(family, key))!;
        if (familyNode is null) top.ReportMissing(SpecSchema.Family, "; e.g. " + SpecSchema.Example(SpecSchema.Family) + " (families: " + FamilyNames() + ")");

        string? name = ReadName(context, top);
        string? ns = ReadNamespace(context, top);
        int[]? input = ReadInput(context, top);
        int? classes = ReadRequiredInt(context, top, SpecSchema.Classes, SpecSchema.ClassesRange);
        SpecNode? widthNode = top.Optional(SpecSchema.WidthScale);
        double? widthScale = widthNode is null ? 1.0
            : ScalarReader.ReadPositiveScale(context, widthNode, SpecSchema.WidthScale, SpecSchema.MaxWidthScale);
        List<StageRow>? stages = ReadStages(context, top, family);
        FamilySettings? settings = family is null ? null : ReadFamilyKeys(context, top, family);
        PreprocessSpec? preprocess = ImageKeysReader.ReadPreprocess(context, top, (family?.Preprocessing) ?? PreprocessDefaults.Torchvision, input);
        string? labels = ImageKeysReader.ReadLabels(context, top, classes);
        ImmutableEquatableArray<string>? features = ImageKeysReader.ReadFeatures(context, top);
        GuidelineSwitches? guidelines = ReadGuidelines(context, top);

        FamilySpec? architecture = family is null || stages is null || settings is null || widthScale is null ? null : new FamilySpec
        {
            Family = family,
            WidthScale = widthScale.Value,
            Stages = stages.ToImmutableEquatableArray(),
            Settings = settings.All.ToImmutableEquatableArray(),
        };
        if (architecture is not null)
        {
            var found = new FamilyDiagnostics(context.LocatePath);
            family!.Check(architecture, found);
            foreach (DiagnosticInfo diagnostic in found.Found) context.Report(diagnostic);
        }

        if (name is not null)
        {
            shell = new ModelShell(name, ns, input?[0] ?? 0, input?[1] ?? 0, input?[2] ?? 0, classes ?? 0, context.FilePath,
                context.LocatePath(SpecSchema.Name));
        }
        if (context.HasErrors) return null;
        return new ModelSpec
        {
            Name = name!,
            Namespace = ns,
            InputChannels = input![0],
            InputHeight = input[1],
            InputWidth = input[2],
            Classes = classes!.Value,
            Architecture = architecture!,
            Preprocess = preprocess,
            Labels = labels,
            Features = features!,
            Guidelines = guidelines!,
            FilePath = context.FilePath,
            Locations = context.Locations,
        };
    }

    /// <summary>The first value written for <paramref name="key"/> (a repeat is SNG0013, reported by the mapping reader).</summary>
    private static SpecNode? FirstValue(SpecNode mapping, string key)
    {
        foreach (SpecEntry entry in mapping.Entries)
        {
            if (entry.Key.Kind == SpecNodeKind.Scalar && entry.Key.Value == key) return entry.Value;
        }
        return null;
    }

    /// <summary>The common keys and the family's; with no (valid) family, every family's keys, so only the family is reported.</summary>
    private static string[] AllowedKeys(ModelFamily? family)
    {
        var keys = new List<string>(SpecSchema.CommonKeys);
        foreach (ModelFamily candidate in FamilyRegistry.All)
        {
            if (family is not null && candidate != family) continue;
            foreach (KeyRule rule in candidate.Keys)
            {
                if (!keys.Contains(rule.Key.Name)) keys.Add(rule.Key.Name);
            }
        }
        keys.AddRange(SpecSchema.ImageKeys);
        return keys.ToArray();
    }

    private static ForeignKeyReason? ForeignKeyReason(ModelFamily? family, string key)
    {
        if (family is null) return null;
        if (family.ForeignKeyReasons.TryGetValue(key, out string? reason)) return new ForeignKeyReason(family.Name, reason);
        var owners = new List<string>();
        foreach (ModelFamily other in FamilyRegistry.All)
        {
            foreach (KeyRule rule in other.Keys)
            {
                if (rule.Key.Name == key) owners.Add(other.Name);
            }
        }
        return owners.Count == 0 ? null : new ForeignKeyReason(family.Name, "it is a key of " + string.Join(", ", owners) + "; remove it");
    }

    private static string FamilyNames()
    {
        var names = new string[FamilyRegistry.All.Count];
        for (int i = 0; i < names.Length; i++) names[i] = FamilyRegistry.All[i].Name;
        return string.Join(", ", names);
    }

    private static string? ReadName(SpecReadContext context, MappingReader top)
    {
        SpecNode? node = top.Required(SpecSchema.Name, SpecSchema.Example(SpecSchema.Name));
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
        SpecNode? node = top.Required(SpecSchema.Input, SpecSchema.Example(SpecSchema.Input));
        MappingReader? input = node is null ? null : MappingReader.Open(context, node, SpecSchema.Input, SpecSchema.InputKeys);
        if (input is null) return null;
        int? channels = ReadRequiredInt(context, input, SpecSchema.Channels, SpecSchema.InputChannelsRange);
        int? height = ReadRequiredInt(context, input, SpecSchema.Height, SpecSchema.InputSizeRange);
        int? width = ReadRequiredInt(context, input, SpecSchema.Width, SpecSchema.InputSizeRange);
        return channels is null || height is null || width is null ? null : new[] { channels.Value, height.Value, width.Value };
    }

    /// <summary>The rows in the family's schema; with no family, only that the table is there.</summary>
    private static List<StageRow>? ReadStages(SpecReadContext context, MappingReader top, ModelFamily? family)
    {
        StageTable? table = family?.Stages;
        SpecNode? node = top.Required(SpecSchema.Stages, "stages: [ " + (table ?? ShuffleNetStage.Table).ExampleRow + " ]");
        if (node is null || table is null) return null;
        if (node.Kind != SpecNodeKind.Sequence)
        {
            context.Report(DiagnosticDescriptors.WrongType, context.Locate(node), "'" + SpecSchema.Stages + "'",
                "a list of rows such as '- " + table.ExampleRow + "'", ScalarReader.Describe(node));
            return null;
        }
        int count = node.Items.Count;
        if (!table.Rows.Contains(count))
        {
            context.Report(DiagnosticDescriptors.OutOfRange, context.Locate(node), SpecSchema.Stages,
                "a list of " + count.ToString(CultureInfo.InvariantCulture) + " rows", table.Rows.Describe() + " rows");
            return null;
        }
        var stages = new List<StageRow>(count);
        string[] columns = table.ColumnNames;
        for (int i = 0; i < count; i++)
        {
            string path = SpecSchema.Stages + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            context.Record(path, node.Items[i]);
            MappingReader? row = MappingReader.Open(context, node.Items[i], path, columns);
            if (row is null) continue;
            var values = new int[table.Columns.Count];
            bool complete = true;
            foreach (StageColumn column in table.Columns)
            {
                SpecNode? cell = row.Required(column.Name, column.Name + ": " + column.Example.ToString(CultureInfo.InvariantCulture));
                int? value = cell is null ? null : ScalarReader.ReadInt(context, cell, row.Child(column.Name), column.Range);
                if (value is null) complete = false;
                else values[column.Index] = value.Value;
            }
            if (complete) stages.Add(StageRow.Of(values));
        }
        return stages.Count == count ? stages : null;
    }

    /// <summary>The family's keys in its order, defaults applied; null when any is missing or wrong (each reported).</summary>
    private static FamilySettings? ReadFamilyKeys(SpecReadContext context, MappingReader top, ModelFamily family)
    {
        var settings = new FamilySettings();
        bool valid = true;
        foreach (KeyRule rule in family.Keys)
        {
            SpecNode? node = top.Optional(rule.Key.Name);
            if (node is null)
            {
                if (rule.Presence == KeyPresence.Required)
                {
                    top.ReportMissing(rule.Key.Name, "; " + rule.Reason + ", e.g. " + rule.Key.Example);
                    valid = false;
                }
                else if (rule.Default is not null)
                {
                    settings.Add(rule.Key.Name, rule.Default(settings));
                }
                continue;
            }
            object? value = rule.Key.Read(context, node);
            if (value is null)
            {
                valid = false;
            }
            else if (rule.Presence == KeyPresence.Fixed)
            {
                if (Equals(value, rule.FixedValue)) continue;
                context.Report(DiagnosticDescriptors.KeyNotForFamily, context.Locate(node), rule.Key.Name, family.Name, rule.Reason);
                valid = false;
            }
            else
            {
                settings.Add(rule.Key.Name, value);
            }
        }
        return valid ? settings : null;
    }

    /// <summary>The guideline switches (all on when the key is absent); null when the mapping or a value is wrong (reported).</summary>
    private static GuidelineSwitches? ReadGuidelines(SpecReadContext context, MappingReader top)
    {
        SpecNode? node = top.Optional(SpecSchema.Guidelines);
        if (node is null) return GuidelineSwitches.AllOn;
        MappingReader? mapping = MappingReader.Open(context, node, SpecSchema.Guidelines, GuidelineSwitches.Keys);
        if (mapping is null) return null;
        var on = new bool[GuidelineSwitches.Keys.Length];
        bool valid = true;
        for (int i = 0; i < on.Length; i++)
        {
            string key = GuidelineSwitches.Keys[i];
            SpecNode? value = mapping.Optional(key);
            bool? read = value is null ? true : ScalarReader.ReadBool(context, value, mapping.Child(key));
            if (read is null) valid = false;
            else on[i] = read.Value;
        }
        return valid ? new GuidelineSwitches(on[0], on[1], on[2], on[3]) : null;
    }

    private static int? ReadRequiredInt(SpecReadContext context, MappingReader mapping, string key, IntRange range)
    {
        SpecNode? node = mapping.Required(key, SpecSchema.Example(key));
        return node is null ? null : ScalarReader.ReadInt(context, node, mapping.Child(key), range);
    }
}
