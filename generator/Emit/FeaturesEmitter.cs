using System.Globalization;
using System.Linq;
using System.Text;
using ShuffleNetGen.Generator.Planning;

namespace ShuffleNetGen.Generator.Emit;

/// <summary>
/// <c>PredictFeatures</c> for a spec with <c>features:</c>: the network's steps up to the last requested stage on the
/// calling thread, each requested tensor copied out (NCHW, logical channel order) as soon as it is complete, the classifier
/// never run; and each feature's shape as constants (<c>Stage3Channels</c>, <c>Stage3Height</c>, <c>Stage3Width</c>, <c>Stage3Length</c>).
/// </summary>
internal static class FeaturesEmitter
{
    private const string Rt = "global::ShuffleNetGen.Runtime";

    public static void Emit(SourceWriter w, ExecutionPlan plan)
    {
        if (plan.Features.Count == 0) return;
        foreach (FeatureCopy f in plan.Features)
        {
            string c = Constant(f.Name);
            w.Line($"/// <summary>Channels of the feature output <c>{f.Name}</c>.</summary>");
            w.Line($"public const int {c}Channels = {I(f.Shape.Channels)};");
            w.Line($"/// <summary>Height of the feature output <c>{f.Name}</c>.</summary>");
            w.Line($"public const int {c}Height = {I(f.Shape.Height)};");
            w.Line($"/// <summary>Width of the feature output <c>{f.Name}</c>.</summary>");
            w.Line($"public const int {c}Width = {I(f.Shape.Width)};");
            w.Line($"/// <summary>Floats of the feature output <c>{f.Name}</c>: {c}Channels * {c}Height * {c}Width.</summary>");
            w.Line($"public const int {c}Length = {I(f.Shape.Elements)};");
        }
        w.Line();

        string parameters = string.Join(", ", plan.Features.Select(f => "global::System.Span<float> " + Parameter(f.Name)));
        string arguments = string.Join(", ", plan.Features.Select(f => Parameter(f.Name)));
        w.Line("/// <summary>");
        w.Line($"/// Runs one image (CHW, <see cref=\"InputLength\"/> floats) through the backbone and writes the feature outputs {string.Join(", ", plan.Features.Select(f => "<c>" + f.Name + "</c>"))}");
        w.Line("/// (CHW each, channels in the reference module's order) without running the classifier; on the calling thread.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span has the wrong length.</exception>");
        w.Open($"public void PredictFeatures(global::System.ReadOnlySpan<float> input, {parameters})");
        w.Line($"{Rt}.Execution.FeatureRunner.CheckLength(input.Length, InputLength, \"input\", {KernelCallWriter.Literal($"{plan.InputChannels}x{plan.InputHeight}x{plan.InputWidth}")});");
        foreach (FeatureCopy f in plan.Features)
        {
            w.Line($"{Rt}.Execution.FeatureRunner.CheckLength({Parameter(f.Name)}.Length, {Constant(f.Name)}Length, {KernelCallWriter.Literal(Parameter(f.Name))}, {KernelCallWriter.Literal(f.Shape.Channels + "x" + f.Shape.Height + "x" + f.Shape.Width)});");
        }
        w.Line($"float[] arena = {Rt}.Execution.FeatureRunner.Rent(_arenas);");
        w.Open("try");
        w.Line($"RunFeatures(input, {Rt}.Execution.FeatureRunner.Window(_arenas, arena), _weights.Span, {arguments});");
        w.Close();
        w.Open("finally");
        w.Line($"{Rt}.Execution.FeatureRunner.Return(_arenas, arena);");
        w.Close();
        w.Close();
        w.Line();

        w.Line("/// <summary>The steps of <c>Run</c> up to the last feature output, whole on one thread, each feature copied out once complete.</summary>");
        w.Open($"private static void RunFeatures(global::System.ReadOnlySpan<float> input, global::System.Span<float> arena, global::System.ReadOnlySpan<float> w, {parameters})");
        int last = plan.Features.Max(f => f.AfterSteps);
        for (int i = 0; i <= last; i++)
        {
            foreach (FeatureCopy f in plan.Features.Where(f => f.AfterSteps == i))
            {
                w.Line($"// {f.Name}: {f.Shape.Channels}x{f.Shape.Height}x{f.Shape.Width}");
                w.Line($"{Rt}.Execution.FeatureRunner.CopyPlanes({KernelCallWriter.Span(f.Source)}, {f.Table ?? "null"}, {I(f.Shape.Channels)}, {I(f.Shape.Pixels)}, {Parameter(f.Name)});");
            }
            if (i == last) break;
            PlanStep step = plan.Steps[i];
            w.Line("// " + step.Comment);
            w.Line(KernelCallWriter.Run(step, plan, null));
        }
        w.Close();
        w.Line();
    }

    /// <summary>A feature name as a PascalCase constant prefix: <c>stage3</c> → <c>Stage3</c>.</summary>
    public static string Constant(string name)
    {
        string p = Parameter(name).TrimStart('_');
        return p.Length == 0 ? "Feature" : char.ToUpperInvariant(p[0]) + p.Substring(1);
    }

    /// <summary>A feature name as a parameter: letters, digits and '_' kept, anything else '_', '_' before a leading digit.</summary>
    public static string Parameter(string name)
    {
        var sb = new StringBuilder(name.Length + 1);
        foreach (char ch in name) sb.Append(char.IsLetterOrDigit(ch) && ch < 128 ? ch : '_');
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
