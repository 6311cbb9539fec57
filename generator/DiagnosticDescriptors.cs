using System;
using Microsoft.CodeAnalysis;

namespace ShuffleNetGen.Generator;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable; each has a README entry (the help link) and a test with the
/// smallest spec that triggers it. New ones go to AnalyzerReleases.Unshipped.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ShuffleNetGen";
    private const string HelpBase = "https://github.com/shufflenetgen/shufflenetgen/blob/main/README.md#";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + ReadmeAnchor(id + " " + title));

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpBase + ReadmeAnchor(id + " " + title));

    /// <summary>GitHub's anchor for the README heading <c>### {id} {title}</c>: lowercase, spaces to '-', punctuation dropped.</summary>
    internal static string ReadmeAnchor(string heading)
    {
        var anchor = new System.Text.StringBuilder(heading.Length);
        foreach (char c in heading.ToLowerInvariant())
        {
            if (c == ' ') anchor.Append('-');
            else if (char.IsLetterOrDigit(c) || c == '-' || c == '_') anchor.Append(c);
        }
        return anchor.ToString();
    }

    public static readonly DiagnosticDescriptor YamlSyntax = Error("SNG0001",
        "Spec is not valid YAML", "The spec is not valid YAML: {0}");

    public static readonly DiagnosticDescriptor UnknownKey = Error("SNG0002",
        "Unknown key", "Unknown key '{0}' in {1}; {2}");

    public static readonly DiagnosticDescriptor MissingKey = Error("SNG0003",
        "Missing key", "Missing required key '{0}' in {1}{2}");

    public static readonly DiagnosticDescriptor WrongType = Error("SNG0004",
        "Value has the wrong type", "{0} must be {1}, but is {2}");

    public static readonly DiagnosticDescriptor OutOfRange = Error("SNG0005",
        "Value out of range", "'{0}' is {1}; it must be {2}");

    public static readonly DiagnosticDescriptor InvalidName = Error("SNG0006",
        "Name is not a C# identifier", "'{0}' is not a valid C# class name: {1}");

    public static readonly DiagnosticDescriptor InvalidNamespace = Error("SNG0007",
        "Namespace is not valid", "'{0}' is not a valid C# namespace: {1}");

    public static readonly DiagnosticDescriptor DuplicateName = Error("SNG0008",
        "Two specs generate the same class", "Class '{0}' is also generated from '{1}'; give each spec its own name");

    public static readonly DiagnosticDescriptor UnknownValue = Error("SNG0009",
        "Unknown value", "'{0}' is '{1}'; expected one of: {2}");

    public static readonly DiagnosticDescriptor ChannelsNotSplittable = Error("SNG0010",
        "Channels cannot be split in half", "{0}: {1} channels cannot be split into two equal halves; use an even number");

    public static readonly DiagnosticDescriptor ChannelsNotDivisibleByGroups = Error("SNG0011",
        "Channels not divisible by groups", "{0}: {1} channels are not divisible by {2} groups{3}");

    public static readonly DiagnosticDescriptor StageTableDoesNotFit = Error("SNG0012",
        "Stage table does not fit the family", "The stage table does not fit {0}: {1}");

    public static readonly DiagnosticDescriptor DuplicateKey = Error("SNG0013",
        "Key written twice", "'{0}' appears twice in {1} (first on line {2}); keep one");

    public static readonly DiagnosticDescriptor SpecTooLarge = Error("SNG0014",
        "Spec exceeds a size limit", "The spec is too large to read: {0}");

    public static readonly DiagnosticDescriptor KeyNotForFamily = Error("SNG0015",
        "Key does not apply to the family", "'{0}' does not apply to {1}: {2}");

    public static readonly DiagnosticDescriptor ModelTooLarge = Error("SNG0016",
        "Model too large", "{0} would hold {1} floats, over the limit of {2}; reduce the input size, channels or repeats");

    public static readonly DiagnosticDescriptor WrongSpecExtension = Warning("SNG0017",
        "Spec file has the wrong extension", "'{0}' is not read: ShuffleNetGen reads only '*.model.yaml' files; rename it to '{1}'");

    public static readonly DiagnosticDescriptor PreprocessDoesNotFit = Error("SNG0018",
        "Preprocessing does not fit the model", "'preprocess' does not fit the model: {0}");

    public static readonly DiagnosticDescriptor LabelsDoNotFit = Error("SNG0019",
        "Labels do not fit the model", "'labels' does not fit the model: {0}");

    public static readonly DiagnosticDescriptor UnknownFeature = Error("SNG0020",
        "Unknown feature output", "'{0}' is '{1}': {2}");

    public static readonly DiagnosticDescriptor UnequalChannelWidths = Warning("SNG0040",
        "G1: 1x1 convolution changes the channel width",
        "ShuffleNet V2's G1 (equal channel width minimises memory access): {0} 1x1 convolution(s) change the width {1}-fold or more, " +
        "first '{2}' ({3} -> {4} channels); turn off with 'guidelines: {{ g1: false }}'");

    public static readonly DiagnosticDescriptor GroupedPointwiseConvs = Warning("SNG0041",
        "G2: grouped 1x1 convolutions",
        "ShuffleNet V2's G2 (group convolution raises memory access): {0} 1x1 convolution(s) are grouped, g = {1}, first '{2}'; " +
        "turn off with 'guidelines: {{ g2: false }}'");

    public static readonly DiagnosticDescriptor FragmentedUnit = Warning("SNG0042",
        "G3: unit fragmented into many kernel calls",
        "ShuffleNet V2's G3 (fragmentation reduces parallelism): {0} unit(s) make more than {1} kernel calls, first '{2}' with {3} " +
        "(a grouped 1x1 convolution runs one call per group); turn off with 'guidelines: {{ g3: false }}'");

    public static readonly DiagnosticDescriptor ElementwiseShare = Warning("SNG0043",
        "G4: large share of element-wise work",
        "ShuffleNet V2's G4 (element-wise operations are not negligible): activations and adds move {0}% of the model's memory " +
        "traffic when each op runs alone, as in PyTorch (warned from {1}%; the generated code fuses them into the convolutions' stores); " +
        "turn off with 'guidelines: {{ g4: false }}'");

    public static readonly DiagnosticDescriptor DepthwiseKernelSize = Error("SNG0050",
        "Depthwise kernel is not 3 or 5", "MobileNet V3's depthwise convolutions are 3x3 or 5x5 (the paper's tables, and the kernels ShuffleNetGen has): k is {0}; use 3 or 5");
    public static readonly DiagnosticDescriptor InputTooSmallForPools = Error("SNG0055",
        "Input too small for the stem and pools",
        "The input {0} is too small for {1}: {2} would leave an empty map (PyTorch: \"Output size is too small\"); use a larger input");

    public static readonly DiagnosticDescriptor NoKernel = Error("SNG0030",
        "No kernel for a layer", "The layer that '{0}' asks for cannot run: {1}");

    public static readonly DiagnosticDescriptor InternalError = Error("SNG0099",
        "Internal generator error", "ShuffleNetGen failed on this spec (please report it): {0}");

    /// <summary>Every descriptor, for lookup by id and for the tests that check each one is documented and raised.</summary>
    public static readonly DiagnosticDescriptor[] All =
    {
        YamlSyntax, UnknownKey, MissingKey, WrongType, OutOfRange, InvalidName, InvalidNamespace, DuplicateName,
        UnknownValue, ChannelsNotSplittable, ChannelsNotDivisibleByGroups, StageTableDoesNotFit, DuplicateKey, SpecTooLarge,
        KeyNotForFamily, ModelTooLarge, WrongSpecExtension, PreprocessDoesNotFit, LabelsDoNotFit, UnknownFeature,
        UnequalChannelWidths, GroupedPointwiseConvs, FragmentedUnit, ElementwiseShare, NoKernel, InternalError,
        DepthwiseKernelSize,
        InputTooSmallForPools,
    };

    public static DiagnosticDescriptor ById(string id)
    {
        foreach (DiagnosticDescriptor d in All)
        {
            if (d.Id == id) return d;
        }
        throw new ArgumentException($"No diagnostic descriptor '{id}'.", nameof(id));
    }
}
