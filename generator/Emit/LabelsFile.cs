using System;
using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Emit;

/// <summary>A text file among the project's AdditionalFiles: a labels file a spec may name.</summary>
internal sealed record AdditionalTextFile(string Path, string Text);

/// <summary>
/// Resolves a spec's <c>labels: file.txt</c> (relative to the spec) among the AdditionalFiles: one label per line, one line
/// per class. A file that is missing, or whose line count is not the class count, is SNG0019 at <c>labels</c>.
/// </summary>
internal static class LabelsFile
{
    public const string Extension = ".txt";

    /// <summary>The file's labels; null with no file named (the built-in labels), or after a diagnostic.</summary>
    public static IReadOnlyList<string>? Resolve(ExecutionPlan plan, ImmutableEquatableArray<AdditionalTextFile> files, out DiagnosticInfo? problem)
    {
        problem = null;
        if (plan.Labels is null || plan.Labels == ImageKeysReader.ImageNet1k) return null;
        LocationInfo at = plan.LabelsLocation ?? LocationInfo.FileStart(plan.SpecFilePath);
        string wanted = FullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(plan.SpecFilePath) ?? "", plan.Labels));
        foreach (AdditionalTextFile file in files)
        {
            if (!string.Equals(FullPath(file.Path), wanted, StringComparison.OrdinalIgnoreCase)) continue;
            var labels = new List<string>();
            string[] lines = file.Text.Split('\n');
            int count = lines.Length;
            while (count > 0 && lines[count - 1].TrimEnd('\r').Length == 0) count--;
            for (int i = 0; i < count; i++)
            {
                string label = lines[i].TrimEnd('\r');
                if (label.Trim().Length == 0)
                {
                    problem = DiagnosticInfo.Create(DiagnosticDescriptors.LabelsDoNotFit, at,
                        $"line {I(i + 1)} of '{plan.Labels}' is empty; write one label per line");
                    return null;
                }
                labels.Add(label);
            }
            if (labels.Count != plan.Classes)
            {
                problem = DiagnosticInfo.Create(DiagnosticDescriptors.LabelsDoNotFit, at,
                    $"'{plan.Labels}' has {I(labels.Count)} labels, but the model has {I(plan.Classes)} classes");
                return null;
            }
            return labels;
        }
        problem = DiagnosticInfo.Create(DiagnosticDescriptors.LabelsDoNotFit, at,
            $"'{plan.Labels}' is not among the project's AdditionalFiles; add <AdditionalFiles Include=\"{plan.Labels}\" /> beside the spec (the path is relative to the spec)");
        return null;
    }

    private static string FullPath(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            return path;
        }
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
