using System;
using System.Globalization;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// <c>*.model.yaml</c> text → <see cref="ModelSpec"/> (schema: <see cref="SpecSchema"/>), with a located diagnostic for every
/// problem found. A pure function of its inputs that never throws: an unexpected failure becomes SNG0099.
/// </summary>
internal static class SpecParser
{
    public static SpecParseResult Parse(string filePath, string text)
    {
        try
        {
            return ParseChecked(filePath, text);
        }
        catch (Exception ex)
        {
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(filePath),
                ex.GetType().Name + ": " + ex.Message);
            return new SpecParseResult(null, new[] { failure }.ToImmutableEquatableArray());
        }
    }

    private static SpecParseResult ParseChecked(string filePath, string text)
    {
        var context = new SpecReadContext(filePath, text);
        if (text.Length > SpecSchema.MaxFileChars)
        {
            context.Report(DiagnosticDescriptors.SpecTooLarge, context.FileStart,
                "it is " + text.Length.ToString(CultureInfo.InvariantCulture) + " characters long; the limit is " +
                SpecSchema.MaxFileChars.ToString(CultureInfo.InvariantCulture) + " (1 MB)");
            return new SpecParseResult(null, context.Diagnostics);
        }
        SpecNode? root = SpecTreeBuilder.Build(text, context);
        ModelShell? shell = null;
        ModelSpec? spec = root is null ? null : ModelSpecReader.Read(context, root, out shell);
        return context.HasErrors ? new SpecParseResult(null, context.Diagnostics, shell) : new SpecParseResult(spec, context.Diagnostics);
    }
}
